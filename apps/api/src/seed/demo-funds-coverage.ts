/**
 * The demo's funds coverage: the segregated account's balance of today, entered with its bank
 * statement by the operator admin and confirmed by the second one (four eyes), a little above what
 * the platform owes — the operator's home shows the ratio and its parts.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { centsToDecimal, type Clock, CLOCK, localDate, type UserActor } from '@app/domain';
import { CoverageBalanceEntity, FundsCoverageService } from '@app/funds-coverage';
import { demoPdf } from './demo-documents';

/** The demo account holds 8 % more than it owes (a reserve), rounded up to the euro. */
const DEMO_RESERVE = 1.08;

export async function seedFundsCoverage(app: INestApplicationContext, enteredBy: UserActor, confirmedBy: UserActor): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if ((await dataSource.getRepository(CoverageBalanceEntity).count()) > 0) return;
  const coverage = app.get(FundsCoverageService);
  const today = localDate(app.get<Clock>(CLOCK).now());
  const owed = (await coverage.current()).liabilitiesNow.totalCents;
  const balanceCents = Math.ceil((owed * DEMO_RESERVE) / 100) * 100;
  const statement = demoPdf(`Relevé du compte cantonné (démo) au ${today} : solde ${centsToDecimal(balanceCents)} EUR`);
  const balance = await coverage.enterBalance(
    enteredBy,
    { balanceCents, balanceOn: today, bankReference: `RELEVE-DEMO-${today}`, fileName: `releve-${today}.pdf` },
    'application/pdf',
    statement,
  );
  await coverage.confirmBalance(confirmedBy, balance.id);
}
