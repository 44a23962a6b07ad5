/**
 * Reads what the redemption rules need about cheques, by code hash: their state, their programme
 * and, when used, the day of the redemption that used them (never where).
 */
import type { EntityManager } from 'typeorm';
import {
  type ChequeStatus,
  formatEuros,
  localDate,
  maskChequeCode,
  type ProgrammeStatus,
  type RedemptionFacts,
  redemptionDeadline,
} from '@app/domain';

export interface ChequeRecord {
  id: string;
  codeHash: Buffer;
  programmeId: string;
  programmeName: string;
  faceValueCents: number;
  facts: Pick<RedemptionFacts, 'cheque' | 'programme'>;
}

/** What an agent is shown about a cheque: its value and validity, never the full code. */
export interface ChequeSummary {
  maskedCode: string;
  faceValueCents: number;
  faceValue: string;
  programmeId: string;
  programmeName: string;
  validUntil: string;
  redeemableUntil: string;
}

interface ChequeRow {
  id: string;
  code_hash: Buffer;
  status: ChequeStatus;
  programme_id: string;
  programme_name: string;
  programme_status: ProgrammeStatus;
  face_value_cents: number;
  valid_from: string;
  valid_until: string;
  redeemable_until: string;
  grace_days: number;
  territory_codes: string[];
  eligible_services: string[];
  used_at: Date | null;
}

export async function readCheques(manager: EntityManager, hashes: Buffer[]): Promise<Map<string, ChequeRecord>> {
  const rows: ChequeRow[] = await manager.query(
    `SELECT c.id, c.code_hash, c.status, p.id AS programme_id, p.name AS programme_name, p.status AS programme_status,
            p.face_value_cents, to_char(p.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(p.valid_until, 'YYYY-MM-DD') AS valid_until,
            p.grace_days, p.territory_codes, p.eligible_services,
            (SELECT r.occurred_at FROM redemption_cheques rc JOIN redemptions r ON r.id = rc.redemption_id
              WHERE rc.cheque_id = c.id AND rc.released_at IS NULL) AS used_at
       FROM cheques c JOIN programmes p ON p.id = c.programme_id
      WHERE c.code_hash = ANY($1)`,
    [hashes],
  );
  return new Map(
    rows.map((row) => [
      row.code_hash.toString('hex'),
      {
        id: row.id,
        codeHash: row.code_hash,
        programmeId: row.programme_id,
        programmeName: row.programme_name,
        faceValueCents: row.face_value_cents,
        facts: {
          cheque: {
            status: row.status,
            programmeStatus: row.programme_status,
            validFrom: row.valid_from,
            validUntil: row.valid_until,
            graceDays: row.grace_days,
            usedOn: row.used_at ? localDate(row.used_at) : null,
          },
          programme: { territoryCodes: row.territory_codes, eligibleServices: row.eligible_services },
        },
      },
    ]),
  );
}

export function chequeSummary(code: string, record: ChequeRecord): ChequeSummary {
  return {
    maskedCode: maskChequeCode(code),
    faceValueCents: record.faceValueCents,
    faceValue: formatEuros(record.faceValueCents),
    programmeId: record.programmeId,
    programmeName: record.programmeName,
    validUntil: record.facts.cheque.validUntil,
    redeemableUntil: redemptionDeadline(record.facts.cheque),
  };
}
