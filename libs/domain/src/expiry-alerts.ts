/** Alerts before a programme's last day: from 30 days, again from 15 and from 7 days left. */
export const EXPIRY_ALERT_LEVELS = [30, 15, 7] as const;
export type ExpiryAlertLevel = (typeof EXPIRY_ALERT_LEVELS)[number];

/** The alert in force with `daysLeft` days before the last day (0 on the last day), or null. */
export function expiryAlertLevel(daysLeft: number): ExpiryAlertLevel | null {
  return alertThreshold(daysLeft, EXPIRY_ALERT_LEVELS) as ExpiryAlertLevel | null;
}

/**
 * The threshold in force with `daysLeft` days before a last day: the smallest of `thresholds`
 * (days, any order) not below `daysLeft`; null before the largest one, and after the last day.
 */
export function alertThreshold(daysLeft: number, thresholds: readonly number[]): number | null {
  if (!Number.isInteger(daysLeft) || daysLeft < 0) return null;
  let level: number | null = null;
  for (const candidate of thresholds) if (daysLeft <= candidate && (level === null || candidate < level)) level = candidate;
  return level;
}
