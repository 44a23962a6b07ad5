/**
 * Demo bank statements: the evening's camt.053 returns the médiathèque's latest paid transfer (AC04,
 * account closed) and carries the bank's fees and a funder's transfer, which match no transfer of ours.
 * The import rejects the line and sends the médiathèque's details back to « à vérifier »; the operator
 * verifies them again, pays the amount in a new batch, and the next statement reconciles that payment.
 * A newcomer sees a rejected transfer with its reason, its re-payment, and two entries to look at.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BankStatementsService, camt053Xml } from '@app/bank-statements';
import { localDate, lineReference, type UserActor } from '@app/domain';
import { BankDetailsService } from '@app/places';
import { DEMO_DEBTOR, SettlementService } from '@app/settlement';

interface PaidLine {
  id: string;
  organisation_id: string;
  amount_cents: string;
  batch_reference: string;
  position: number;
}

export async function seedBankStatements(app: INestApplicationContext, admin: UserActor, reviewer: UserActor): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const [{ n }]: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM bank_statement_files');
  if (n > 0) return;
  const [line]: PaidLine[] = await dataSource.query(
    `SELECT l.id, l.organisation_id, l.amount_cents::text AS amount_cents, b.reference AS batch_reference, l.position
       FROM settlement_lines l JOIN settlement_batches b ON b.id = l.batch_id
      WHERE l.status = 'paid' ORDER BY l.paid_on DESC, b.cut_off DESC, l.position LIMIT 1`,
  );
  if (!line) return;
  const statements = app.get(BankStatementsService);
  const today = localDate(new Date());
  const reference = lineReference(line.batch_reference, line.position);
  const amountCents = Number(line.amount_cents);
  const returned = camt053Xml({
    messageId: `RELEVE-DEMO-${today}`,
    createdAt: new Date().toISOString(),
    accountIban: DEMO_DEBTOR.iban,
    answers: [
      {
        endToEndId: reference,
        amountCents,
        outcome: 'returned',
        bookingDate: today,
        bankReference: `RET-${reference}`,
        reasonCode: 'AC04',
      },
      {
        endToEndId: null,
        amountCents: 1850,
        outcome: 'paid',
        bookingDate: today,
        bankReference: `FRAIS-${today}`,
        information: 'Frais de tenue de compte',
      },
      {
        endToEndId: null,
        amountCents: 250000,
        outcome: 'returned',
        bookingDate: today,
        bankReference: `RECU-${today}`,
        information: 'VIR DEPARTEMENT DE LA GIRONDE ABONDEMENT PASS NUMERIQUE',
      },
    ],
  });
  await statements.import(admin, `releve-${today}.xml`, Buffer.from(returned));

  // The médiathèque sent its RIB again; the operator checks it and verifies it.
  const [details]: Array<{ id: string }> = await dataSource.query(
    "SELECT id FROM bank_details WHERE organisation_id = $1 AND superseded_at IS NULL AND status = 'submitted'",
    [line.organisation_id],
  );
  if (!details) return;
  await app
    .get(BankDetailsService)
    .review(admin, line.organisation_id, details.id, 'verified', 'RIB vérifié à nouveau après le rejet AC04 (démo).');

  const settlement = app.get(SettlementService);
  const repayment = await settlement.create(admin, 'demo-bank-repayment', { cutOff: new Date().toISOString() });
  await settlement.approve(reviewer, repayment.body.id);
  await settlement.export(admin, repayment.body.id);
  const [repaid]: Array<{ position: number; amount_cents: string }> = await dataSource.query(
    'SELECT position, amount_cents::text AS amount_cents FROM settlement_lines WHERE batch_id = $1 AND organisation_id = $2',
    [repayment.body.id, line.organisation_id],
  );
  if (!repaid) return;
  const repaidReference = lineReference(repayment.body.reference, repaid.position);
  const paid = camt053Xml({
    messageId: `RELEVE-DEMO-${today}-2`,
    createdAt: new Date().toISOString(),
    accountIban: DEMO_DEBTOR.iban,
    answers: [
      {
        endToEndId: repaidReference,
        amountCents: Number(repaid.amount_cents),
        outcome: 'paid',
        bookingDate: today,
        bankReference: `BQ-${repaidReference}`,
      },
    ],
  });
  await statements.import(admin, `releve-${today}-2.xml`, Buffer.from(paid));
}
