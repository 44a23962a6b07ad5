/**
 * What the dashboard routes answer, in the shape the API builds and the web app draws. No Node.js
 * imports: the browser imports this file too (apps/web/src/shared-domain.ts).
 */
import type { ExpiryAlertLevel } from './expiry-alerts';
import type { DelayFigures } from './settlement-schedule';
import type { WholeMonths } from './whole-months';

export type ColumnKind = 'text' | 'count' | 'amount' | 'days' | 'rate';

export interface ReportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

/** A number (cents for amounts), a text, or a hidden count of people ({ hidden: "secret" }, statistical secrecy). */
export type ReportCell = string | number | null | { hidden: string };

export type ReportRow = Record<string, ReportCell>;

/** A table of a dashboard: the API answers it, the web app draws it (table and chart), the CSV export writes it. */
export interface ReportTable {
  id: string;
  title: string;
  /** Counts of people: small figures are hidden (« secret ») with others that would give them away (docs/statistical-secrecy.md). */
  aboutPeople: boolean;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** The published totals (the last row of the CSV). */
  total?: ReportRow;
  note?: string;
}

export interface Figure {
  cheques: number;
  amountCents: number;
}

export const DASHBOARD_MEASURES = ['issued', 'funded', 'handedOut', 'redeemed', 'settled', 'expired', 'cancelled'] as const;
export type DashboardMeasure = (typeof DASHBOARD_MEASURES)[number];

export interface SeriesPoint {
  /** First day of the week (Monday) or of the month. */
  period: string;
  handedOut: number;
  redeemed: number;
  redeemedAmountCents: number;
}

/** A programme ending within 30, 15 or 7 days, and what is still to hand out or to use. */
export interface ExpiryAlert {
  programmeId: string;
  programmeName: string;
  validUntil: string;
  daysLeft: number;
  level: ExpiryAlertLevel;
  /** Booklets still holding cheques nobody received. */
  bookletsNotHandedOut: number;
  chequesHandedOutUnused: number;
}

export interface Dashboard {
  scope: { programmeId: string | null; programmes: Array<{ id: string; name: string; code: string }>; from: string | null; to: string };
  refreshedAt: string | null;
  smallCellThreshold: number;
  totals: Record<DashboardMeasure, Figure>;
  /** Of the cheques handed out in the period, the share used since (0..1). */
  rateOfUse: { handedOut: number; used: number; rate: number | null };
  /** Median days from a hand-out to the first use of one of its cheques (hand-outs of the period, used ones). */
  /** Null also when fewer than the small-cell threshold of people used one (a median of 2 people tells each one's delay). */
  medianDaysToFirstUse: number | null;
  /** People who received cheques (one hand-out, one person) in the whole months over of `peoplePeriod`; « secret » from 1 to K-1. */
  people: number | 'secret';
  /**
   * The days people counts cover: the whole calendar months, over, that the period touches (null: none
   * is over yet). snapped: they differ from the period asked for.
   */
  peoplePeriod: WholeMonths | null;
  series: { week: SeriesPoint[]; month: SeriesPoint[] };
  /** The operator only (null for a funder): payment delay of the period's redemptions, paid (per département: table delais-paiement). */
  paymentDelay: DelayFigures | null;
  /** The usage funnel of the programmes in scope (its tables are among `tables`, ids entonnoir*). */
  funnel: UsageFunnel;
  tables: ReportTable[];
  alerts: ExpiryAlert[];
}

/**
 * The usage funnel of booklets (docs/reporting.md): bought and allocated in the period, then the
 * booklets handed out in the period and what became of them since.
 */
export interface UsageFunnel {
  bought: number;
  allocated: number;
  handedOut: number;
  /** Of the booklets handed out: at least one cheque used; every cheque used; a cheque expired unused. */
  firstUsed: number;
  fullyUsed: number;
  expired: number;
  handedOutCents: number;
  usedCents: number;
  /** usedCents / handedOutCents (0..1), null when nothing was handed out. */
  valueUseRate: number | null;
  /** Median days from hand-out to first use; null when fewer booklets than the small-cell threshold were used. */
  medianDaysToFirstUse: number | null;
  /** Booklets handed out 30 days or more before the last refresh, no cheque used, none expired. */
  unusedAfter30Days: number;
}
