import { type ReactNode, useId } from 'react';

/**
 * A table in a scrollable box: on a narrow screen the table scrolls sideways instead of
 * breaking the page. The box is focusable and named so that keyboard users can scroll it.
 */
export function DataTable({
  caption,
  children,
  captionHidden = false,
  wide = false,
}: {
  caption: string;
  children: ReactNode;
  captionHidden?: boolean;
  /** Many columns: keep them readable and scroll sideways on narrow screens. */
  wide?: boolean;
}) {
  const captionId = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={wide ? 'table--wide' : undefined}>
        <caption id={captionId} className={captionHidden ? 'visually-hidden' : undefined}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
