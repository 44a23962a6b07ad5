import type { Ref } from 'react';

/**
 * A polite live region for confirmations. It stays in the page (even empty) so that screen
 * readers notice when its text changes.
 */
export function StatusMessage({ message, ref }: { message: string | null; ref?: Ref<HTMLDivElement> }) {
  return (
    <div role="status" className={message ? 'status status--visible' : 'status'} tabIndex={-1} ref={ref}>
      {message ? <p>{message}</p> : null}
    </div>
  );
}
