/**
 * What no request may carry, whatever the route: values nested deeper than a client could mean
 * (libraries recurse over them and overflow the stack), NUL characters (PostgreSQL cannot store
 * them in text) and lone UTF-16 surrogates (they have no UTF-8 form: stored, they would become
 * U+FFFD, i.e. silently altered data). Checked once for the query, the path and the JSON body.
 */

/** Objects and arrays nested deeper than this are refused (the deepest DTO of the API is 4). */
export const MAX_INPUT_DEPTH = 32;

export type UntrustedInputProblem = 'too_deep' | 'nul_character' | 'lone_surrogate';

export interface UntrustedInputFinding {
  /** Dotted path of the offending value ("address.lines.0"), or of the key itself. */
  field: string;
  problem: UntrustedInputProblem;
}

export const UNTRUSTED_INPUT_MESSAGES: Record<UntrustedInputProblem, string> = {
  too_deep: `is nested more than ${MAX_INPUT_DEPTH} levels deep`,
  nul_character: 'contains a NUL character (U+0000), which is not allowed',
  lone_surrogate: 'contains an invalid character (a lone UTF-16 surrogate)',
};

/**
 * The first forbidden thing in a parsed value, or null. Iterative (an explicit stack), so that the
 * check itself cannot overflow on the very input it is meant to refuse.
 */
export function findUntrustedInputProblem(value: unknown, prefix = ''): UntrustedInputFinding | null {
  const stack: { value: unknown; field: string; depth: number }[] = [{ value, field: prefix, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, field, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { field: field || 'body', problem };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: field || 'body', problem: 'too_deep' };
    for (const key of Object.keys(current)) {
      const child = field ? `${field}.${key}` : key;
      const keyProblem = textProblem(key);
      if (keyProblem) return { field: child, problem: keyProblem };
      stack.push({ value: (current as Record<string, unknown>)[key], field: child, depth: depth + 1 });
    }
  }
  return null;
}

// With the u flag a valid pair reads as one code point: only a lone half matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

export function textProblem(text: string): UntrustedInputProblem | null {
  if (text.includes('\u0000')) return 'nul_character';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return null;
}
