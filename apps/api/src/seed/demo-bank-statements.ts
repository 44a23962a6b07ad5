/**
 * Demo bank statements: the camt.053 of the day a weekly batch's transfers were booked, imported by
 * the operator's admin, books each of its lines paid — or, for the week the médiathèque's account was
 * closed, returned (AC04), with the bank's fees and a funder's transfer that match no transfer of
 * ours. The import rejects that line and sends the médiathèque's details back to « à vérifier »; the
 * operator verifies them again and the amount goes into the next weekly batch (demo-settlement.ts).
 * A newcomer sees statements reconciled, a rejected transfer with its reason, its re-payment, and two
 * entries to look at.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BankStatementsService, type BankAnswer, camt053Xml } from '@app/bank-statements';
import { type IsoDate, lineReference, type UserActor } from '@app/domain';
import { BankDetailsService } from '@app/places';
import { DEMO_DEBTOR } from '@app/settlement';

interface BatchLine {
  organisation_id: string;
  amount_cents: string;
  batch_reference: string;
  position: number;
}

/** The statement of the day `bookedOn`: every line of the batch paid, or returned for an account closed. */
export async function importDemoStatement(
  app: INestApplicationContext,
  admin: UserActor,
  batchId: string,
  bookedOn: IsoDate,
  outcome: 'paid' | 'returned',
): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const lines: BatchLine[] = await dataSource.query(
    `SELECT l.organisation_id, l.amount_cents::text AS amount_cents, b.reference AS batch_reference, l.position
       FROM settlement_lines l JOIN settlement_batches b ON b.id = l.batch_id WHERE b.id = $1 ORDER BY l.position`,
    [batchId],
  );
  const answers: BankAnswer[] = lines.map((line) => {
    const reference = lineReference(line.batch_reference, line.position);
    return {
      endToEndId: reference,
      amountCents: Number(line.amount_cents),
      outcome,
      bookingDate: bookedOn,
      bankReference: `${outcome === 'paid' ? 'BQ' : 'RET'}-${reference}`,
      ...(outcome === 'returned' ? { reasonCode: 'AC04' } : {}),
    };
  });
  if (outcome === 'returned') {
    answers.push(
      {
        endToEndId: null,
        amountCents: 1850,
        outcome: 'paid',
        bookingDate: bookedOn,
        bankReference: `FRAIS-${bookedOn}`,
        information: 'Frais de tenue de compte',
      },
      {
        endToEndId: null,
        amountCents: 250000,
        outcome: 'returned',
        bookingDate: bookedOn,
        bankReference: `RECU-${bookedOn}`,
        information: 'VIR DEPARTEMENT DE LA GIRONDE ABONDEMENT PASS NUMERIQUE',
      },
    );
  }
  const statement = camt053Xml({
    messageId: `RELEVE-DEMO-${bookedOn}`,
    createdAt: `${bookedOn}T18:00:00Z`,
    accountIban: DEMO_DEBTOR.iban,
    answers,
  });
  await app.get(BankStatementsService).import(admin, `releve-${bookedOn}.xml`, Buffer.from(statement));
}

/** After a return: the médiathèque sent its RIB again; the operator checks it and verifies it. */
export async function verifyDetailsAgain(app: INestApplicationContext, admin: UserActor, organisationId: string): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const [details]: Array<{ id: string }> = await dataSource.query(
    "SELECT id FROM bank_details WHERE organisation_id = $1 AND superseded_at IS NULL AND status = 'submitted'",
    [organisationId],
  );
  if (!details) return;
  await app
    .get(BankDetailsService)
    .review(admin, organisationId, details.id, 'verified', 'RIB vérifié à nouveau après le rejet AC04 (démo).');
}
