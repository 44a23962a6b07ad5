/**
 * What runs inside a settlement build before its sums, under its locks (no redemption can be recorded
 * before the cut-off any more, no other build runs): the anomaly holds' last pass over the redemptions
 * not examined yet (libs/anomaly-holds), so that nothing due is paid unexamined. Settlement only
 * defines the contract; a global module provides it.
 */
import type { EntityManager } from 'typeorm';

export const BEFORE_SETTLEMENT_BUILD = Symbol('BEFORE_SETTLEMENT_BUILD');

export interface BeforeSettlementBuild {
  beforeBuild(manager: EntityManager, cutOff: Date): Promise<void>;
}

/** The advisory lock of every build; whatever changes what a build pays (new holds) takes it too. */
export const SETTLEMENT_BUILD_LOCK = 'settlement:build';

/**
 * An anomaly hold (table redemption_holds of libs/anomaly-holds, alias h) still holding its redemption:
 * a build leaves it out and the place sees it « en vérification ». Few rows, through a partial index.
 */
export const HOLD_IS_HOLDING = `h.status IN ('held', 'rejection_proposed')`;
