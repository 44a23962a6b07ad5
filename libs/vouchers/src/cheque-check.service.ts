/**
 * The public check of a cheque (page /c/<code> and GET /api/cheques/:code/status): is it usable,
 * and if not, why, in plain French. Nothing about who holds it nor where or when it was used.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  type ChequeStatus,
  type ChequeVerdict,
  type Clock,
  CLOCK,
  chequeVerdict,
  formatEuros,
  hashChequeCode,
  localDate,
  mistypedCodeVerdict,
  parseChequeCode,
  type ProgrammeStatus,
  redemptionDeadline,
  unknownCodeVerdict,
} from '@app/domain';

export interface PublicChequeStatus {
  verdict: ChequeVerdict;
  cheque: null | {
    faceValueCents: number;
    faceValue: string;
    validFrom: string;
    validUntil: string;
    redeemableUntil: string;
    programmeName: string;
    territoryCodes: string[];
  };
}

interface ChequeRow {
  status: ChequeStatus;
  programme_status: ProgrammeStatus;
  valid_from: string;
  valid_until: string;
  grace_days: number;
  face_value_cents: number;
  name: string;
  territory_codes: string[];
}

@Injectable()
export class ChequeCheckService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async check(input: string): Promise<PublicChequeStatus> {
    const parsed = parseChequeCode(input);
    if (!parsed.ok) return { verdict: parsed.problem === 'wrong_check' ? mistypedCodeVerdict() : unknownCodeVerdict(), cheque: null };
    const rows: ChequeRow[] = await this.dataSource.query(
      `SELECT c.status, p.status AS programme_status, to_char(p.valid_from, 'YYYY-MM-DD') AS valid_from,
              to_char(p.valid_until, 'YYYY-MM-DD') AS valid_until, p.grace_days, p.face_value_cents, p.name, p.territory_codes
         FROM cheques c JOIN programmes p ON p.id = c.programme_id
        WHERE c.code_hash = $1`,
      [hashChequeCode(parsed.code)],
    );
    const row = rows[0];
    if (!row) return { verdict: unknownCodeVerdict(), cheque: null };
    const verdict = chequeVerdict(
      {
        status: row.status,
        programmeStatus: row.programme_status,
        validFrom: row.valid_from,
        validUntil: row.valid_until,
        graceDays: row.grace_days,
      },
      localDate(this.clock.now()),
    );
    return {
      verdict,
      cheque: {
        faceValueCents: row.face_value_cents,
        faceValue: formatEuros(row.face_value_cents),
        validFrom: row.valid_from,
        validUntil: row.valid_until,
        redeemableUntil: redemptionDeadline({ validUntil: row.valid_until, graceDays: row.grace_days }),
        programmeName: row.name,
        territoryCodes: row.territory_codes,
      },
    };
  }
}
