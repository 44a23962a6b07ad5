/**
 * Demo funder refund by transfer: the Département's 2024 programme, over and expired, has its credit
 * note paid back by SEPA transfer. The Département's bank details are verified by the operator (as a
 * place's), the transfer is prepared, approved by the second operator, exported, and the bank's
 * camt.054 books it. A newcomer sees on « Remboursements aux financeurs » a transfer paid with its
 * bank reference and date, on the programme's « Relevés » the refund, and the 2025 programme still to
 * refund with its deadline (the job prepares its transfer once the API runs). Runs once.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BankStatementsService, camt054Xml } from '@app/bank-statements';
import { addDays, localDate, type UserActor } from '@app/domain';
import { FunderRefundTransfersService } from '@app/ledger/programme-accounts';
import { BankDetailsService } from '@app/places';
import { DEMO_DEBTOR } from '@app/settlement';
import { ExpiryService } from '@app/vouchers';
import { demoPdf } from './demo-documents';
import { fundedDemoProgramme } from './demo-programmes';

export async function seedFunderRefunds(app: INestApplicationContext, actorOf: (email: string) => Promise<UserActor>): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const [{ n }]: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM funder_refund_transfers');
  if (n > 0) return;
  const funder = await actorOf('financeur@departement.example');
  const operator = await actorOf('admin@operateur.example');
  const reviewer = await actorOf('relecteur@operateur.example');
  const today = localDate(new Date());

  const programme = await fundedDemoProgramme(
    app,
    { funder, operator },
    {
      name: 'Pass numérique Gironde 2024 (clos et remboursé, démo)',
      bookletCount: 2,
      validFrom: addDays(today, -900),
      validUntil: addDays(today, -540),
      receivedOn: addDays(today, -910),
    },
  );
  await app.get(ExpiryService).expireDue();

  const bankDetails = app.get(BankDetailsService);
  const details = await bankDetails.submit(funder, {
    iban: 'FR7610071330000000100001229',
    bic: 'TRPUFRP1',
    accountHolder: 'Departement de la Gironde',
  });
  await bankDetails.attachProof(
    funder,
    'rib-departement.pdf',
    'application/pdf',
    demoPdf('Relevé d’identité bancaire du Département (démo)'),
  );
  await bankDetails.review(operator, details.organisationId, details.id, 'verified', 'RIB du Trésor public conforme (démo).');

  const transfers = app.get(FunderRefundTransfersService);
  const prepared = await transfers.prepare(operator, programme.id);
  await transfers.approve(reviewer, prepared.id);
  const exported = await transfers.export(operator, prepared.id);

  const notification = camt054Xml({
    messageId: `AVIS-DEMO-${exported.reference}`,
    createdAt: new Date().toISOString(),
    accountIban: DEMO_DEBTOR.iban,
    answers: [
      {
        endToEndId: exported.reference,
        amountCents: exported.amountCents,
        outcome: 'paid',
        bookingDate: today,
        bankReference: `BQ-${exported.reference}`,
        information: `Remboursement ${programme.code}`,
      },
    ],
  });
  await app.get(BankStatementsService).import(operator, `avis-remboursement-${exported.reference}.xml`, Buffer.from(notification));
}
