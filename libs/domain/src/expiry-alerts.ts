/** Alerts before a programme's last day: from 30 days, again from 15 and from 7 days left. */
export const EXPIRY_ALERT_LEVELS = [30, 15, 7] as const;
export type ExpiryAlertLevel = (typeof EXPIRY_ALERT_LEVELS)[number];

/** The alert in force with `daysLeft` days before the last day (0 on the last day), or null. */
export function expiryAlertLevel(daysLeft: number): ExpiryAlertLevel | null {
  if (!Number.isInteger(daysLeft) || daysLeft < 0) return null;
  let level: ExpiryAlertLevel | null = null;
  for (const candidate of EXPIRY_ALERT_LEVELS) if (daysLeft <= candidate) level = candidate;
  return level;
}
