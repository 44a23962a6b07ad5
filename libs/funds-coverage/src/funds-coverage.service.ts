/**
 * The operator's funds coverage (docs/funds-coverage.md): confirmed balances of the segregated
 * account (entered with the bank statement, confirmed by a second operator admin), compared with
 * the liabilities the ledger holds — every day by a periodic job (one row per day, one advisory
 * lock for every API instance) and on demand. Below 100 % the operator admins are alerted and no
 * new programme can be activated.
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '@app/audit';
import { checkedDocument } from '@app/documents';
import {
  activationAllowedBy,
  type Actor,
  assertFourEyes,
  type Clock,
  CLOCK,
  comparisonInstant,
  type ConfirmedBalance,
  type CoverageDay,
  DomainError,
  formatCoverageRatio,
  type FundsCoverage,
  fundsCoverage,
  type Liabilities,
  liabilitiesFromLedger,
  localDate,
  METROPOLITAN_TIME_ZONE,
  systemActor,
  type UserActor,
} from '@app/domain';
import { liabilityBalancesAt } from '@app/ledger';
import { fundsCoverageBelowMail, NotificationsService } from '@app/mail';
import { startPeriodicJob } from '@app/metrics';
import { CoverageBalanceEntity } from './entities/coverage-balance.entity';
import { CoverageDayEntity } from './entities/coverage-day.entity';

const COVERAGE_LOCK = 'pass-numerique:funds-coverage';

/** The web page the alert links to (the operator's home shows the coverage). */
export const FUNDS_COVERAGE_PATH = '/';

export interface BalanceEntry {
  balanceCents: number;
  balanceOn: string;
  bankReference?: string | null;
  fileName?: string;
}

export interface CoverageNow extends FundsCoverage {
  computedAt: Date;
  /** The instant the liabilities compared with the balance were read at (see comparisonInstant). */
  liabilitiesAt: Date;
  /** What the ledger owes now, since the balance's instant too: the next statement must cover it. */
  liabilitiesNow: Liabilities;
  /** The confirmed balance the ratio uses, with who entered and confirmed it. */
  balanceRecord: CoverageBalanceEntity | null;
  activationAllowed: boolean;
}

@Injectable()
export class FundsCoverageService implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop = (): void => undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = startPeriodicJob(
      'funds_coverage',
      { minutes: this.config.get<number>('FUNDS_COVERAGE_JOB_INTERVAL_MINUTES') ?? 60, firstAfterMs: 8_000 },
      () => this.recordToday(),
    );
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** An operator admin enters the balance shown by a bank statement, with the statement (a PDF checked whole). */
  async enterBalance(
    actor: UserActor,
    entry: BalanceEntry,
    contentType: string | undefined,
    content: unknown,
  ): Promise<CoverageBalanceEntity> {
    const today = localDate(this.clock.now());
    if (entry.balanceOn > today) throw DomainError.validation([{ field: 'balanceOn', problems: ['must not be in the future'] }]);
    const document = await checkedDocument(content, contentType, 'statement');
    if (document.type !== 'application/pdf') {
      throw DomainError.validation([{ field: 'statement', problems: ['must be the bank statement as a PDF'] }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CoverageBalanceEntity);
      const saved = await repository.save(
        repository.create({
          source: 'manual',
          balanceCents: String(entry.balanceCents),
          balanceOn: entry.balanceOn,
          bankReference: entry.bankReference ?? null,
          statement: document.content,
          statementFileName: statementFileName(entry.fileName, entry.balanceOn),
          enteredByUserId: actor.userId,
          confirmedByUserId: null,
          confirmedAt: null,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'funds_coverage.balance_entered',
        objectType: 'coverage_balance',
        objectId: saved.id,
        changes: { balanceCents: entry.balanceCents, balanceOn: entry.balanceOn, bankReference: entry.bankReference ?? null },
      });
      return repository.findOneByOrFail({ id: saved.id });
    });
  }

  /**
   * Four eyes: another operator admin than the one who entered it confirms the balance; from then on it
   * counts, and today's coverage is recomputed (alerting if below). Confirming again answers the same balance.
   */
  async confirmBalance(actor: UserActor, id: string): Promise<CoverageBalanceEntity> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CoverageBalanceEntity);
      const balance = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!balance) throw DomainError.notFound('balance');
      if (balance.confirmedAt) return balance;
      if (balance.withdrawnAt) throw balanceWithdrawn();
      // Four eyes need two known people: with nobody recorded as its enterer, one person would be confirming alone.
      if (balance.enteredByUserId === null) {
        throw new DomainError(
          'conflict',
          'Nobody is recorded as having entered this balance: it cannot be confirmed; withdraw it and enter it again',
          {
            code: 'balance_enterer_unknown',
          },
        );
      }
      assertFourEyes('approve', { createdBy: balance.enteredByUserId, approvedBy: null }, actor.userId);
      const now = this.clock.now();
      await repository.update({ id }, { confirmedByUserId: actor.userId, confirmedAt: now });
      await this.audit.record(manager, actor, {
        action: 'funds_coverage.balance_confirmed',
        objectType: 'coverage_balance',
        objectId: id,
        changes: { balanceCents: Number(balance.balanceCents), balanceOn: balance.balanceOn, enteredBy: balance.enteredByUserId },
      });
      await this.recordDay(manager, now, actor);
      return repository.findOneByOrFail({ id });
    });
  }

  /**
   * A wrong balance, not confirmed yet, is withdrawn with a reason by an operator admin (its enterer or
   * another): kept with its statement for the audit, never counted, no longer awaiting confirmation.
   * Withdrawing again answers the same balance; a confirmed one has counted and is never withdrawn.
   */
  async withdrawBalance(actor: UserActor, id: string, reason: string): Promise<CoverageBalanceEntity> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CoverageBalanceEntity);
      const balance = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!balance) throw DomainError.notFound('balance');
      if (balance.withdrawnAt) return balance;
      if (balance.confirmedAt) {
        throw new DomainError(
          'invalid_transition',
          'This balance is confirmed: it has counted and cannot be withdrawn; enter a newer statement',
          {
            code: 'balance_confirmed',
          },
        );
      }
      await repository.update({ id }, { withdrawnAt: this.clock.now(), withdrawnByUserId: actor.userId, withdrawalReason: reason });
      await this.audit.record(manager, actor, {
        action: 'funds_coverage.balance_withdrawn',
        objectType: 'coverage_balance',
        objectId: id,
        changes: { balanceCents: Number(balance.balanceCents), balanceOn: balance.balanceOn, enteredBy: balance.enteredByUserId, reason },
      });
      return repository.findOneByOrFail({ id });
    });
  }

  /** The coverage now, computed on demand (not stored). */
  async current(): Promise<CoverageNow> {
    return this.compute(this.dataSource.manager, this.clock.now());
  }

  /** Balances entered and waiting for a second operator admin, oldest first. */
  awaitingConfirmation(): Promise<CoverageBalanceEntity[]> {
    return this.dataSource
      .getRepository(CoverageBalanceEntity)
      .find({ where: { confirmedAt: IsNull(), withdrawnAt: IsNull() }, order: { enteredAt: 'ASC' } });
  }

  /** The stored days, newest first. */
  async days(limit: number): Promise<CoverageDayEntity[]> {
    return this.dataSource.getRepository(CoverageDayEntity).find({ order: { day: 'DESC' }, take: limit });
  }

  /** When a day was last computed (null before the first). */
  async lastRecordedAt(): Promise<Date | null> {
    const [row]: Array<{ at: Date | null }> = await this.dataSource.query('SELECT max(recorded_at) AS at FROM coverage_days');
    return row.at;
  }

  /** Every stored day, oldest first, as the open data reads them. */
  async coverageDays(): Promise<CoverageDay[]> {
    const rows = await this.dataSource.getRepository(CoverageDayEntity).find({ order: { day: 'ASC' } });
    return rows.map((row) => ({
      day: row.day,
      ratioBasisPoints: row.ratioBasisPoints === null ? null : Number(row.ratioBasisPoints),
      state: row.state,
      balanceCents: row.balanceCents === null ? null : Number(row.balanceCents),
      liabilitiesCents: Number(row.liabilitiesCents),
    }));
  }

  async statement(id: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    const row = await this.dataSource
      .getRepository(CoverageBalanceEntity)
      .createQueryBuilder('balance')
      .addSelect('balance.statement')
      .where('balance.id = :id', { id })
      .getOne();
    if (!row?.statement) throw DomainError.notFound('statement');
    return { fileName: row.statementFileName ?? 'releve.pdf', contentType: 'application/pdf', content: row.statement };
  }

  /**
   * The periodic job: today's coverage stored (once per day, the latest run's figures win), under one
   * advisory lock for all API instances.
   */
  async recordToday(): Promise<{ ran: boolean; coverage?: CoverageNow }> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }]: Array<{ locked: boolean }> = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        COVERAGE_LOCK,
      ]);
      if (!locked) return { ran: false };
      return { ran: true, coverage: await this.recordDay(manager, this.clock.now(), systemActor('funds-coverage')) };
    });
  }

  /**
   * For programme activation, in the caller's transaction: a 409 `funds_coverage_below_liabilities`
   * while the latest confirmed balance does not cover the liabilities (no balance yet: allowed).
   */
  async assertActivationAllowed(manager: EntityManager): Promise<void> {
    const coverage = await this.compute(manager, this.clock.now());
    if (activationAllowedBy(coverage)) return;
    throw new DomainError(
      'conflict',
      `The operator's account covers ${formatCoverageRatio(coverage.ratioBasisPoints ?? 0)} of what it owes: no new programme can be activated until a confirmed balance covers it`,
      {
        code: 'funds_coverage_below_liabilities',
        ratioBasisPoints: coverage.ratioBasisPoints,
        balanceCents: coverage.balance?.balanceCents ?? null,
        liabilitiesCents: coverage.liabilities.totalCents,
      },
    );
  }

  private async compute(manager: EntityManager, now: Date): Promise<CoverageNow> {
    const query = (sql: string, parameters: unknown[]) => manager.query(sql, parameters);
    const balanceRecord = await latestConfirmedBalance(manager);
    const balance: ConfirmedBalance | null = balanceRecord
      ? { balanceCents: Number(balanceRecord.balanceCents), balanceOn: balanceRecord.balanceOn }
      : null;
    let endOfDay: Date | null = null;
    if (balanceRecord) {
      const [row]: Array<{ end_of_day: Date }> = await manager.query(`SELECT (($1::date + 1)::timestamp AT TIME ZONE $2) AS end_of_day`, [
        balanceRecord.balanceOn,
        METROPOLITAN_TIME_ZONE,
      ]);
      endOfDay = row.end_of_day;
    }
    const liabilitiesAt = comparisonInstant(balanceRecord && endOfDay ? { endOfDay, enteredAt: balanceRecord.enteredAt } : null, now);
    const liabilities = liabilitiesFromLedger(await liabilityBalancesAt(query, liabilitiesAt));
    const liabilitiesNow =
      liabilitiesAt.getTime() === now.getTime() ? liabilities : liabilitiesFromLedger(await liabilityBalancesAt(query, now));
    const coverage = fundsCoverage(liabilities, balance);
    return { ...coverage, computedAt: now, liabilitiesAt, liabilitiesNow, balanceRecord, activationAllowed: activationAllowedBy(coverage) };
  }

  /** Computes and stores the day's coverage; below 100 %, the day's alert (audit, e-mail to operator admins) once. */
  private async recordDay(manager: EntityManager, at: Date, actor: Actor): Promise<CoverageNow> {
    const coverage = await this.compute(manager, at);
    const day = localDate(at);
    const { liabilities } = coverage;
    // The day's row keeps the instant its liabilities were read at: `npm run ledger:check` reads the ledger there again.
    await manager.query(
      `INSERT INTO coverage_days (day, liabilities_at, recorded_at, balance_id, balance_cents, balance_on, outstanding_cents, handed_out_cents,
                                  place_payable_cents, funder_credits_cents, liabilities_cents, ratio_basis_points, state)
       VALUES ($1, $2, $13, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (day) DO UPDATE SET liabilities_at = EXCLUDED.liabilities_at, recorded_at = EXCLUDED.recorded_at, balance_id = EXCLUDED.balance_id,
         balance_cents = EXCLUDED.balance_cents, balance_on = EXCLUDED.balance_on, outstanding_cents = EXCLUDED.outstanding_cents,
         handed_out_cents = EXCLUDED.handed_out_cents, place_payable_cents = EXCLUDED.place_payable_cents,
         funder_credits_cents = EXCLUDED.funder_credits_cents, liabilities_cents = EXCLUDED.liabilities_cents,
         ratio_basis_points = EXCLUDED.ratio_basis_points, state = EXCLUDED.state`,
      [
        day,
        coverage.liabilitiesAt,
        coverage.balanceRecord?.id ?? null,
        coverage.balance?.balanceCents ?? null,
        coverage.balance?.balanceOn ?? null,
        liabilities.outstandingCents,
        liabilities.handedOutCents,
        liabilities.placePayableCents,
        liabilities.funderCreditsCents,
        liabilities.totalCents,
        coverage.ratioBasisPoints,
        coverage.state,
        at,
      ],
    );
    if (coverage.state === 'below') await this.alert(manager, coverage, day, at, actor);
    return coverage;
  }

  private async alert(manager: EntityManager, coverage: CoverageNow, day: string, at: Date, actor: Actor): Promise<void> {
    const operators: Array<{ id: string }> = await manager.query(`SELECT id FROM organisations WHERE kind = 'operator' ORDER BY id`);
    const ratio = formatCoverageRatio(coverage.ratioBasisPoints ?? 0);
    const sent = await this.notifications.notifyOnce(
      manager,
      operators.map((operator) => ({
        occasion: { subjectId: operator.id, occasion: day },
        notice: {
          kind: 'funds_coverage_below',
          organisationId: operator.id,
          path: FUNDS_COVERAGE_PATH,
          content: (links) =>
            fundsCoverageBelowMail({
              ratio,
              balanceCents: coverage.balance?.balanceCents ?? 0,
              balanceOn: coverage.balance?.balanceOn ?? day,
              liabilitiesCents: coverage.liabilities.totalCents,
              ...links,
            }),
        },
      })),
      at,
    );
    // Audited with the e-mail: once per day the coverage is below.
    if (sent > 0) {
      await this.audit.record(manager, actor, {
        action: 'funds_coverage.below_liabilities',
        objectType: 'funds_coverage',
        objectId: day,
        changes: {
          ratioBasisPoints: coverage.ratioBasisPoints,
          balanceCents: coverage.balance?.balanceCents ?? null,
          balanceOn: coverage.balance?.balanceOn ?? null,
          liabilitiesCents: coverage.liabilities.totalCents,
        },
      });
    }
  }
}

/** The confirmed balance of the latest day (the latest confirmed among several of that day). */
async function latestConfirmedBalance(manager: EntityManager): Promise<CoverageBalanceEntity | null> {
  return manager
    .getRepository(CoverageBalanceEntity)
    .createQueryBuilder('balance')
    .where('balance.confirmed_at IS NOT NULL')
    .orderBy('balance.balance_on', 'DESC')
    .addOrderBy('balance.confirmed_at', 'DESC')
    .getOne();
}

function statementFileName(fileName: string | undefined, balanceOn: string): string {
  const base = (fileName ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\w\- ]+/g, '_')
    .slice(0, 80);
  return `${base || `releve-${balanceOn}`}.pdf`;
}

function balanceWithdrawn(): DomainError {
  return new DomainError('invalid_transition', 'This balance was withdrawn: it can no longer be confirmed', { code: 'balance_withdrawn' });
}
