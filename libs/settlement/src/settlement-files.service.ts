/**
 * The batch's files and reports: the SEPA credit-transfer file for the bank, the CSV of the lines,
 * each line's remittance statement (PDF), and what funders' money paid to which places.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import {
  type AuthenticatedActor,
  centsToDecimal,
  type Clock,
  CLOCK,
  csvFile,
  DomainError,
  formatFrenchDate,
  lineReference,
  localDate,
  maskIban,
  periodLabel,
  remittanceInformation,
  type SettlementLineStatus,
} from '@app/domain';
import { ProgrammesService } from '@app/vouchers';
import { remittanceStatementPdf } from './remittance-pdf';
import { type SepaAccount, sepaCreditTransferXml } from './sepa-file';
import { SettlementService } from './settlement.service';
import { LINE_REDEMPTIONS, type LineRow } from './settlement-views';

/** Used outside production when the operator's account is not configured: clearly a demo account. */
export const DEMO_DEBTOR: SepaAccount = {
  name: 'Operateur Pass numerique (demo)',
  iban: 'FR7630001007941234567890185',
  bic: 'BDFEFRPPCCT',
};

const LINE_STATUS_TEXT: Record<SettlementLineStatus, string> = {
  pending: 'en attente de la banque',
  paid: 'payé',
  rejected: 'rejeté par la banque',
  cancelled: 'annulé avant l’envoi à la banque',
};

export interface FunderPayment {
  programmeId: string;
  programmeName: string;
  organisationId: string;
  payeeName: string;
  chequeCount: number;
  amountCents: number;
}

@Injectable()
export class SettlementFilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settlement: SettlementService,
    private readonly programmes: ProgrammesService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The operator's account, debited by the transfers (configuration). */
  debtor(): SepaAccount {
    const name = this.config.get<string>('SETTLEMENT_DEBTOR_NAME');
    const iban = this.config.get<string>('SETTLEMENT_DEBTOR_IBAN');
    const bic = this.config.get<string>('SETTLEMENT_DEBTOR_BIC');
    if (name && iban && bic) return { name, iban, bic };
    if (this.config.get<string>('NODE_ENV') !== 'production') return DEMO_DEBTOR;
    throw new DomainError('conflict', "The operator's account is not configured (SETTLEMENT_DEBTOR_NAME, _IBAN, _BIC)", {
      code: 'sepa_debtor_not_configured',
    });
  }

  async sepa(batchId: string): Promise<{ fileName: string; content: string }> {
    const batch = await this.settlement.get(batchId);
    if (batch.status !== 'exported' && batch.status !== 'paid') {
      throw new DomainError('invalid_transition', 'Export the approved batch first: its SEPA file is made at export', {
        code: 'batch_not_exported',
        status: batch.status,
      });
    }
    const lines = await this.batchLines(batchId);
    const exportedAt = new Date(batch.exportedAt as string);
    const period = periodLabel({ month: batch.month, cutOff: new Date(batch.cutOff) });
    const content = sepaCreditTransferXml({
      messageId: batch.reference,
      createdAt: exportedAt,
      // Never a day already past when the file is downloaded again later (banks refuse those).
      executionDate: [localDate(exportedAt), localDate(this.clock.now())].sort()[1],
      debtor: this.debtor(),
      transfers: lines.map((line) => {
        const reference = lineReference(line.batch_reference, line.position);
        return {
          endToEndId: reference,
          amountCents: Number(line.amount_cents),
          creditor: { name: line.account_holder, otherName: line.payee_name, iban: line.iban, bic: line.bic },
          remittanceInformation: remittanceInformation({ lineReference: reference, payeeName: line.payee_name, periodLabel: period }),
        };
      }),
    });
    return { fileName: `virements-${batch.reference}.xml`, content };
  }

  /** The lines as CSV, like the project's other exports (csv-writer.ts): UTF-8 with BOM, comma, every field quoted. */
  async csv(batchId: string): Promise<{ fileName: string; content: string }> {
    const batch = await this.settlement.get(batchId);
    const content = csvFile(
      [
        'reference',
        'beneficiaire',
        'organisation_id',
        'montant_euros',
        'encaissements',
        'cheques',
        'iban',
        'bic',
        'titulaire',
        'statut',
        'paye_le',
        'reference_bancaire',
        'motif_rejet',
      ],
      batch.lines.map((line) => [
        line.reference,
        line.payeeName,
        line.organisationId,
        centsToDecimal(line.amountCents),
        line.redemptionCount,
        line.chequeCount,
        line.iban,
        line.bic,
        line.accountHolder,
        LINE_STATUS_TEXT[line.status],
        line.paidOn,
        line.bankReference,
        line.rejectionReason,
      ]),
    );
    return { fileName: `lot-${batch.reference}.csv`, content };
  }

  /** A line's remittance statement: its payee's (or the operator's) to download. */
  async statement(actor: AuthenticatedActor, lineId: string): Promise<{ fileName: string; content: Buffer }> {
    const line = await this.settlement.line(actor, lineId);
    const cheques = await queryRows<{
      occurred_at: Date;
      place_name: string;
      service_name: string;
      masked_code: string;
      face_value_cents: number;
    }>(
      this.dataSource.manager,
      `SELECT r.occurred_at, pl.nom AS place_name, e.name AS service_name, rc.masked_code, rc.face_value_cents
         FROM settlement_lines l JOIN ${LINE_REDEMPTIONS}
         JOIN redemption_cheques rc ON rc.redemption_id = r.id AND rc.released_at IS NULL
         JOIN places pl ON pl.id = r.place_id JOIN catalogue_entries e ON e.id = r.catalogue_entry_id
        WHERE l.id = $1 ORDER BY r.occurred_at, rc.masked_code`,
      [lineId],
    );
    const reference = lineReference(line.batch_reference, line.position);
    const content = await remittanceStatementPdf({
      reference,
      batchReference: line.batch_reference,
      payeeName: line.payee_name,
      periodText: periodText(line),
      iban: maskIban(line.iban),
      status: LINE_STATUS_TEXT[line.status],
      paidOn: line.paid_on,
      bankReference: line.bank_reference,
      totalCents: Number(line.amount_cents),
      cheques: cheques.map((cheque) => ({
        date: localDate(cheque.occurred_at),
        placeName: cheque.place_name,
        serviceName: cheque.service_name,
        maskedCode: cheque.masked_code,
        amountCents: cheque.face_value_cents,
      })),
    });
    return { fileName: `releve-${reference}.pdf`, content };
  }

  /** How much of the funder's programmes' money was paid to which payees (paid lines only); every funder's for the operator. */
  async funderPayments(actor: AuthenticatedActor): Promise<FunderPayment[]> {
    const programmes = await this.programmes.list(actor);
    if (programmes.length === 0) return [];
    const rows = await queryRows<{
      programme_id: string;
      organisation_id: string;
      payee_name: string;
      cheque_count: number;
      amount_cents: string;
    }>(
      this.dataSource.manager,
      `SELECT rc.programme_id, l.organisation_id, min(l.payee_name) AS payee_name, count(*)::int AS cheque_count,
              sum(rc.face_value_cents)::text AS amount_cents
         FROM settlement_lines l JOIN ${LINE_REDEMPTIONS}
         JOIN redemption_cheques rc ON rc.redemption_id = r.id AND rc.released_at IS NULL
        WHERE l.status = 'paid' AND rc.programme_id = ANY($1::uuid[])
        GROUP BY rc.programme_id, l.organisation_id`,
      [programmes.map((programme) => programme.id)],
    );
    const names = new Map(programmes.map((programme) => [programme.id, programme.name]));
    return rows
      .map((row) => ({
        programmeId: row.programme_id,
        programmeName: names.get(row.programme_id) ?? '',
        organisationId: row.organisation_id,
        payeeName: row.payee_name,
        chequeCount: row.cheque_count,
        amountCents: Number(row.amount_cents),
      }))
      .sort((a, b) => a.programmeName.localeCompare(b.programmeName, 'fr') || a.payeeName.localeCompare(b.payeeName, 'fr'));
  }

  private async batchLines(batchId: string): Promise<LineRow[]> {
    return queryRows<LineRow>(
      this.dataSource.manager,
      `SELECT l.position, b.reference AS batch_reference, l.payee_name, l.amount_cents::text, l.iban, l.bic, l.account_holder
         FROM settlement_lines l JOIN settlement_batches b ON b.id = l.batch_id WHERE l.batch_id = $1 ORDER BY l.position`,
      [batchId],
    );
  }
}

function periodText(line: LineRow): string {
  if (line.month) {
    const [year, month] = line.month.split('-').map(Number);
    const name = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year, month - 1, 1)),
    );
    return `Encaissements enregistrés jusqu’à fin ${name} (heure de Paris)`;
  }
  const day = localDate(new Date(line.cut_off.getTime() - 1));
  return `Encaissements enregistrés jusqu’au ${formatFrenchDate(day)} inclus`;
}
