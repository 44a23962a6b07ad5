/** Password rules (NIST SP 800-63B: length over composition rules, no silent truncation). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export function passwordProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  const localPart = email ? email.split('@')[0].toLowerCase() : '';
  if (localPart.length >= 4 && password.toLowerCase().includes(localPart)) {
    problems.push('must not contain the email address');
  }
  if (/^(.)\1+$/u.test(password)) problems.push('must not repeat a single character');
  return problems;
}

/** Emails are compared case-insensitively and without surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
