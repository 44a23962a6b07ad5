/**
 * The pure rules of libs/domain that the browser shares with the API (those files have no Node.js
 * imports): cheque codes, QR contents, redemption and offline verdicts, and the answer types of the
 * dashboards and renewal reminders. The one place the web app reaches into libs.
 */
import { CODE_DATA_LENGTH } from '../../../libs/domain/src/cheque-code-text';

export { addDays, localDate } from '../../../libs/domain/src/calendar';
export { maskChequeCode, normaliseChequeCode, parseChequeCode } from '../../../libs/domain/src/cheque-code-text';
export { signedText } from '../../../libs/domain/src/cheque-qr';
export { validityInWords } from '../../../libs/domain/src/cheque-status';
export {
  type OfflineProgramme,
  type OfflineRefusal,
  type OfflineVerdict,
  offlineDataUsable,
  offlineVerdict,
} from '../../../libs/domain/src/offline-redemption';
export { placeRefusal, type RedemptionRefusal, readScannedCheque, scanRefusal } from '../../../libs/domain/src/redemption';
export { schemaPhoneNumber } from '../../../libs/domain/src/phone-number';
export * from '../../../libs/domain/src/weekly-hours';
export { distanceInWords } from '../../../libs/domain/src/proximity';
export { METROPOLITAN_TIME_ZONE } from '../../../libs/domain/src/time-zone';
export { formatCoverageRatio } from '../../../libs/domain/src/funds-coverage';
export { summariseScores } from '../../../libs/domain/src/qualification';
export type { ApplicationStatus } from '../../../libs/domain/src/qualification';
export type { NotificationKind } from '../../../libs/domain/src/notifications';
export type { RenewalReminder, RenewalReminders } from '../../../libs/domain/src/qualification-renewal';
export type {
  Dashboard,
  DashboardMeasure,
  ExpiryAlert,
  Figure,
  ReportCell,
  ReportColumn,
  ReportRow,
  ReportTable,
  SeriesPoint,
  UsageFunnel,
} from '../../../libs/domain/src/reporting-views';

/** Characters of a whole code: the data and the check character. */
export const CODE_LENGTH = CODE_DATA_LENGTH + 1;
