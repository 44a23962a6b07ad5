import { type ReactNode, useRef, useState } from 'react';

/** A read-only value (invitation link, API token) with a button that copies it. */
export function CopyField({
  id,
  label,
  value,
  hint,
  warning = false,
}: {
  id: string;
  label: ReactNode;
  value: string;
  hint?: ReactNode;
  /** Show the hint as a warning (e.g. a secret shown only once). */
  warning?: boolean;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  async function copy(): Promise<void> {
    inputRef.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copié dans le presse-papiers.');
    } catch {
      // No clipboard access (old browser, permission): the text is selected, Ctrl+C works.
      setCopied('Copie automatique impossible : le texte est sélectionné, utilisez Ctrl+C.');
    }
  }

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className={warning ? 'notice notice--warning' : 'hint'} id={`${id}-aide`}>
          {warning ? <strong>Attention : </strong> : null}
          {hint}
        </p>
      ) : null}
      <div className="copy-field__row">
        <input
          id={id}
          ref={inputRef}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          aria-describedby={hint ? `${id}-aide` : undefined}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          Copier
        </button>
      </div>
      <p role="status" className="hint">
        {copied}
      </p>
    </div>
  );
}
