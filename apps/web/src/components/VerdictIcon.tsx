/** A tick or a cross in a disc, beside the words that say the same (never colour alone). */
export function VerdictIcon({ usable, size = 32 }: { usable: boolean; size?: number }) {
  return (
    <svg className="verdict__icon" viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11" fill="currentColor" />
      {usable ? (
        <path d="M6.5 12.5l3.5 3.5 7.5-8" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
      ) : (
        <path d="M8 8l8 8M16 8l-8 8" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
      )}
    </svg>
  );
}
