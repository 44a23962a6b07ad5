import { type MouseEvent, useEffect, useRef } from 'react';
import type { FormErrors } from '../forms';

/** Where each API field lives in the form: the input's id and its label. */
export type FieldMap = Record<string, { id: string; label: string }>;

/**
 * The errors of a form, announced (role="alert") and focused, each linking to its field
 * (GOV.UK error summary pattern).
 */
export function ErrorSummary({
  errors,
  fields = {},
  focus = true,
}: {
  errors: FormErrors | null;
  fields?: FieldMap;
  /** false where the keyboard focus must stay put (a scanner's input): the alert is still announced. */
  focus?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (errors && focus) ref.current?.focus();
  }, [errors, focus]);

  if (!errors) return null;

  function focusField(event: MouseEvent<HTMLAnchorElement>, id: string): void {
    event.preventDefault();
    document.getElementById(id)?.focus();
  }

  const entries = Object.entries(errors.fields);
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <p className="error-summary__title">{errors.message}</p>
      {entries.length > 0 ? (
        <ul>
          {entries.map(([field, problems]) => {
            const target = fields[field];
            const text = `${target?.label ?? field} : ${problems.join(' ')}`;
            return (
              <li key={field}>
                {target ? (
                  <a href={`#${target.id}`} onClick={(event) => focusField(event, target.id)}>
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** A failure that is not about a form field (loading failed, action refused). */
export function ErrorMessage({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="error-summary" role="alert">
      <p className="error-summary__title">{message}</p>
    </div>
  );
}
