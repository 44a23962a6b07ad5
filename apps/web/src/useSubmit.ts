/** A form's submission, the same everywhere: one at a time, its problems as FormErrors. */
import { type FormEvent, useRef, useState } from 'react';
import type { FormErrors } from './forms';

/**
 * `action` sends the form and answers the problems found before sending, if any; what it throws
 * becomes the form's errors through `toErrors`.
 */
export function useSubmit(action: () => Promise<FormErrors | void>, toErrors: (error: unknown) => FormErrors) {
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [pending, setPending] = useState(false);
  // A second click before React re-renders must not send twice.
  const running = useRef(false);

  async function submit(): Promise<void> {
    if (running.current) return;
    running.current = true;
    setPending(true);
    try {
      setErrors((await action()) ?? null);
    } catch (error) {
      setErrors(toErrors(error));
    } finally {
      running.current = false;
      setPending(false);
    }
  }

  return {
    errors,
    pending,
    onSubmit: (event: FormEvent<HTMLFormElement>): void => {
      event.preventDefault();
      void submit();
    },
  };
}
