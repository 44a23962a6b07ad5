/**
 * Settlement batches: build (one set-based statement under a lock), approve (four eyes), export,
 * and the bank's answers per line or for the batch. Membership is implicit: a line covers a range
 * of recording time of its payee (see entities/settlement-line.entity.ts), so building over a
 * million redemptions writes one row per payee, not per redemption.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { type Answer, IdempotencyService, queryRows } from '@app/database';
import {
  assertBatchNotCancelled,
  assertPaidOnPossible,
  assertReturnedOnPossible,
  assertPayableDue,
  assertFourEyes,
  type AuthenticatedActor,
  batchCancellation,
  batchReference,
  batchSettled,
  batchTransition,
  type Clock,
  CLOCK,
  DomainError,
  type IsoDate,
  lineTransition,
  METROPOLITAN_TIME_ZONE,
  settlementPeriod,
  startOfDayIn,
  type SettlementLineStatus,
  type SettlementTransition,
  type SystemActor,
  systemActor,
  type UserActor,
} from '@app/domain';
import { LedgerService, type SettlementPayment } from '@app/ledger';
import { type Notice, NotificationsService, paymentSentMail, transferRejectedMail } from '@app/mail';
import { currentPayoutAccountSql } from '@app/places';
import { WebhooksService } from '@app/webhooks';
import {
  BATCH_COLUMNS,
  type BatchRow,
  type BatchSummary,
  batchSummary,
  type BatchView,
  type CarryOverRow,
  carryOverView,
  LINE_COLUMNS,
  LINE_REDEMPTIONS,
  LIVE_LINE,
  type LineRow,
  type LineView,
  lineView,
} from './settlement-views';
import { BEFORE_SETTLEMENT_BUILD, type BeforeSettlementBuild, HOLD_IS_HOLDING, SETTLEMENT_BUILD_LOCK } from './settlement-build-hook';

export interface CreateBatchInput {
  month?: string;
  cutOff?: string;
}

export interface BankPayment {
  /** The day the bank executed the transfer (YYYY-MM-DD). */
  paidOn: string;
  bankReference: string;
}

/** A line as the ledger hooks see it. */
export interface SettledLine {
  id: string;
  batchId: string;
  organisationId: string;
  amountCents: number;
}

const BUILD_LOCK = SETTLEMENT_BUILD_LOCK;

/** Who builds the batches of the schedule (created_by stays empty; the audit trail names the job). */
const SETTLEMENT_JOB = systemActor('settlement-job');

export interface ScheduledBuild {
  /** False when the cut-off already had its batch (or had nothing due). */
  created: boolean;
  batch: BatchSummary | null;
}

/** A live line that lies wholly before the cut-off $1 (a batch built with a later cut-off may reach past it). */
const BEFORE_CUT_OFF = 'l.covered <@ tstzrange(NULL, $1)';

/**
 * Per payee owed something at cut-off $1: the sums of all its redemptions (r: the plain GROUP BY over
 * every row, which PostgreSQL runs in parallel) minus those not due (s), and the recording time its new
 * line covers: (−∞, cut-off) minus its live lines' ranges. Not due, each redemption counted once:
 * - recorded at or after the cut-off, or before it and undone (both found through their index);
 * - covered by a live line wholly before the cut-off: that line's own sums, as they are (no redemption
 *   it covers can be undone, see the trigger of migration SettledRedemptionUndoGuard, nor recorded in its past, see build), so the
 *   redemptions are never joined to the ranges;
 * - before the cut-off in a live line reaching past it (an earlier cut-off built after a later one):
 *   counted through the (organisation_id, recorded_at) index; none in the usual monthly run;
 * - held by an anomaly hold (docs/anomaly-holds.md): the few holding holds, each with the redemptions
 *   recorded at its instant (the same microsecond, so the line's covered time and its sums agree), and
 *   that instant cut out of the covered time, so that the next build takes it once released.
 */
const DUE_PER_PAYEE = `SELECT r.organisation_id,
       (r.amount_cents - coalesce(s.amount_cents, 0))::text AS amount_cents,
       (r.redemption_count - coalesce(s.redemption_count, 0))::int AS redemption_count,
       (r.cheque_count - coalesce(s.cheque_count, 0))::int AS cheque_count,
       (tstzmultirange(tstzrange(NULL, $1)) - coalesce(s.covered, '{}'))::text AS covered
  FROM (SELECT organisation_id, sum(amount_cents) AS amount_cents, count(*) AS redemption_count, sum(cheque_count) AS cheque_count
          FROM redemptions GROUP BY organisation_id) AS r
  LEFT JOIN (SELECT organisation_id, sum(amount_cents) AS amount_cents, sum(redemption_count) AS redemption_count,
                    sum(cheque_count) AS cheque_count, range_agg(covered) AS covered
               FROM (SELECT organisation_id, amount_cents, 1 AS redemption_count, cheque_count, NULL::tstzmultirange AS covered
                       FROM redemptions WHERE recorded_at >= $1
                     UNION ALL
                     SELECT organisation_id, amount_cents, 1, cheque_count, NULL FROM redemptions WHERE undone_at IS NOT NULL AND recorded_at < $1
                     UNION ALL
                     SELECT l.organisation_id, CASE WHEN ${BEFORE_CUT_OFF} THEN l.amount_cents ELSE 0 END,
                            CASE WHEN ${BEFORE_CUT_OFF} THEN l.redemption_count ELSE 0 END,
                            CASE WHEN ${BEFORE_CUT_OFF} THEN l.cheque_count ELSE 0 END, l.covered
                       FROM settlement_lines l WHERE ${LIVE_LINE}
                     UNION ALL
                     SELECT l.organisation_id, r.amount_cents, 1, r.cheque_count, NULL
                       FROM settlement_lines l JOIN ${LINE_REDEMPTIONS} AND r.recorded_at < $1
                      WHERE ${LIVE_LINE} AND NOT ${BEFORE_CUT_OFF}
                     UNION ALL
                     SELECT r.organisation_id, r.amount_cents, 1, r.cheque_count, tstzmultirange(tstzrange(r.recorded_at, r.recorded_at, '[]'))
                       FROM (SELECT DISTINCT held.organisation_id, held.recorded_at
                               FROM redemption_holds h JOIN redemptions held ON held.id = h.redemption_id AND held.recorded_at < $1
                              WHERE ${HOLD_IS_HOLDING}) AS instants
                       JOIN redemptions r ON r.organisation_id = instants.organisation_id AND r.recorded_at = instants.recorded_at
                                         AND r.undone_at IS NULL) AS not_due
              GROUP BY organisation_id) AS s ON s.organisation_id = r.organisation_id
 WHERE r.redemption_count <> coalesce(s.redemption_count, 0) OR r.amount_cents <> coalesce(s.amount_cents, 0)
    OR r.cheque_count <> coalesce(s.cheque_count, 0)`;

@Injectable()
export class SettlementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: LedgerService,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(BEFORE_SETTLEMENT_BUILD) private readonly beforeBuild?: BeforeSettlementBuild,
  ) {}

  /**
   * Builds the batch of a period: 201 with the new batch, or 200 with the batch that already has
   * this cut-off (two operators, two API instances: one batch).
   */
  async create(actor: UserActor, key: string | undefined, input: CreateBatchInput): Promise<Answer<BatchSummary>> {
    this.idempotency.assertKey(key);
    const period = settlementPeriod(input, this.clock.now());
    const request = { organisationId: actor.organisationId, key, operation: 'settlement.create', body: input };
    // READ COMMITTED whatever the server's default: the build's statements after its table lock must
    // see every redemption and undo committed before the lock (under REPEATABLE READ the snapshot would
    // date from the key's claim, before the wait).
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<BatchSummary>;
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [BUILD_LOCK]);
      const [existing] = await queryRows<{ id: string }>(
        manager,
        "SELECT id FROM settlement_batches WHERE cut_off = $1 AND status <> 'cancelled'",
        [period.cutOff],
      );
      if (existing) return this.idempotency.store(manager, request, 200, await this.summary(manager, existing.id));
      const id = await this.build(manager, actor, period.month, period.cutOff);
      return this.idempotency.store(manager, request, 201, await this.summary(manager, id));
    });
  }

  /**
   * The build, inside the caller's transaction and build lock. SHARE MODE on redemptions waits for
   * every transaction that is writing one (so all those recorded before the cut-off are visible) and
   * holds new ones until the commit: they get a recording time after it (the column's default is
   * clock_timestamp(), taken once the table lock is granted), hence after the cut-off. Two
   * statements: the sums (parallel), then the lines and carry-overs from them.
   */
  private async build(manager: EntityManager, actor: UserActor | SystemActor, month: string | null, cutOff: Date): Promise<string> {
    await manager.query('LOCK TABLE redemptions IN SHARE MODE');
    // No line changes status (a bank rejection frees its range) between the sums and the lines.
    await manager.query('LOCK TABLE settlement_lines IN SHARE ROW EXCLUSIVE MODE');
    const [{ past }] = await queryRows<{ past: boolean }>(manager, 'SELECT $1::timestamptz <= clock_timestamp() AS past', [cutOff]);
    if (!past) throw DomainError.validation([{ field: 'cutOff', problems: ['must not be in the future (database clock)'] }]);
    // The anomaly rules' last pass: every redemption recorded before the cut-off is examined before anything is paid.
    await this.beforeBuild?.beforeBuild(manager, cutOff);
    const id = randomUUID();
    const [{ number }] = await queryRows<{ number: number }>(
      manager,
      `SELECT nextval(pg_get_serial_sequence('settlement_batches', 'number'))::int AS number`,
    );
    const year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: METROPOLITAN_TIME_ZONE, year: 'numeric' }).format(cutOff.getTime() - 1),
    );
    await manager.query(
      `INSERT INTO settlement_batches (id, number, reference, month, cut_off, status, total_cents, line_count, carried_over_cents, created_by)
       VALUES ($1, $2, $3, $4, $5, 'draft', 0, 0, 0, $6)`,
      [id, number, batchReference(year, number), month, cutOff, actor.kind === 'user' ? actor.userId : null],
    );
    // 1. What is due per payee, and the time its line covers: a read-only statement, so PostgreSQL may run
    // it in parallel (the aggregate over every redemption is the whole cost of a build); ~one row per payee.
    const due = await queryRows<{
      organisation_id: string;
      amount_cents: string;
      redemption_count: number;
      cheque_count: number;
      covered: string;
    }>(manager, DUE_PER_PAYEE, [cutOff]);
    for (const row of due) {
      assertPayableDue({
        organisationId: row.organisation_id,
        amountCents: Number(row.amount_cents),
        redemptionCount: row.redemption_count,
        chequeCount: row.cheque_count,
      });
    }
    // 2. One line per payee with verified details, a carry-over for the others, in one statement.
    const [built] = await queryRows<{ line_count: number; total_cents: string; carry_count: number; carried_cents: string }>(
      manager,
      `WITH due AS (
         SELECT * FROM unnest($2::uuid[], $3::bigint[], $4::int[], $5::int[], $6::tstzmultirange[])
                    AS d(organisation_id, amount_cents, redemption_count, cheque_count, covered)
       ), payees AS (
         SELECT d.*, o.name AS payee_name, a.bank_details_id, a.status AS account_status, a.iban, a.bic, a.account_holder
           FROM due d JOIN organisations o ON o.id = d.organisation_id
           -- One index look-up per payee, whatever the statistics say (LIMIT keeps the join from being flattened).
           LEFT JOIN LATERAL (${currentPayoutAccountSql('d.organisation_id')} LIMIT 1) AS a ON true
       ), lines AS (
         INSERT INTO settlement_lines (id, batch_id, position, organisation_id, covered, amount_cents, redemption_count, cheque_count,
                                       payee_name, bank_details_id, iban, bic, account_holder)
         SELECT gen_random_uuid(), $1, row_number() OVER (ORDER BY payee_name, organisation_id), organisation_id, covered, amount_cents,
                redemption_count, cheque_count, payee_name, bank_details_id, iban, bic, account_holder
           FROM payees WHERE account_status = 'verified'
         RETURNING amount_cents
       ), carried AS (
         INSERT INTO settlement_carry_overs (batch_id, organisation_id, payee_name, reason, amount_cents, redemption_count, cheque_count)
         SELECT $1, organisation_id, payee_name,
                (CASE WHEN account_status IS NULL THEN 'bank_details_missing' ELSE 'bank_details_unverified' END)::settlement_carry_over_reason,
                amount_cents, redemption_count, cheque_count
           FROM payees WHERE account_status IS DISTINCT FROM 'verified'
         RETURNING amount_cents
       )
       SELECT (SELECT count(*)::int FROM lines) AS line_count, (SELECT coalesce(sum(amount_cents), 0)::text FROM lines) AS total_cents,
              (SELECT count(*)::int FROM carried) AS carry_count, (SELECT coalesce(sum(amount_cents), 0)::text FROM carried) AS carried_cents`,
      [
        id,
        due.map((row) => row.organisation_id),
        due.map((row) => row.amount_cents),
        due.map((row) => row.redemption_count),
        due.map((row) => row.cheque_count),
        due.map((row) => row.covered),
      ],
    );
    if (built.line_count === 0 && built.carry_count === 0) {
      throw new DomainError('conflict', 'Nothing to settle: no redemption recorded before this cut-off is waiting to be paid', {
        code: 'nothing_to_settle',
        cutOff: cutOff.toISOString(),
      });
    }
    await manager.query('UPDATE settlement_batches SET total_cents = $2, line_count = $3, carried_over_cents = $4 WHERE id = $1', [
      id,
      built.total_cents,
      built.line_count,
      built.carried_cents,
    ]);
    await this.audit.record(manager, actor, {
      action: 'settlement_batch.created',
      objectType: 'settlement_batch',
      objectId: id,
      changes: {
        month,
        cutOff: cutOff.toISOString(),
        lineCount: built.line_count,
        totalCents: Number(built.total_cents),
        carriedOver: built.carry_count,
        carriedOverCents: Number(built.carried_cents),
      },
    });
    return id;
  }

  /**
   * The settlement job's build of a cut-off of SETTLEMENT_SCHEDULE. Under the same lock as a build by
   * hand, so several processes or runs build it once: a cut-off that already has a batch (even a
   * cancelled one: the operators chose not to pay it, the next cut-off takes its redemptions) answers
   * that batch, one with nothing due answers none.
   */
  async buildScheduled(cutOff: Date, month: string | null): Promise<ScheduledBuild> {
    try {
      return await this.dataSource.transaction('READ COMMITTED', async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [BUILD_LOCK]);
        const [existing] = await queryRows<{ id: string }>(
          manager,
          "SELECT id FROM settlement_batches WHERE cut_off = $1 ORDER BY status = 'cancelled', number DESC LIMIT 1",
          [cutOff],
        );
        if (existing) return { created: false, batch: await this.summary(manager, existing.id) };
        const id = await this.build(manager, SETTLEMENT_JOB, month, cutOff);
        return { created: true, batch: await this.summary(manager, id) };
      });
    } catch (error) {
      if (error instanceof DomainError && (error.details as { code?: string } | undefined)?.code === 'nothing_to_settle') {
        return { created: false, batch: null };
      }
      throw error;
    }
  }

  async list(): Promise<BatchSummary[]> {
    const rows = await queryRows<BatchRow>(
      this.dataSource.manager,
      `SELECT ${BATCH_COLUMNS} FROM settlement_batches b ORDER BY b.cut_off DESC, b.number DESC`,
    );
    return rows.map(batchSummary);
  }

  async get(id: string): Promise<BatchView> {
    const manager = this.dataSource.manager;
    const summary = await this.summary(manager, id);
    const lines = await queryRows<LineRow>(
      manager,
      `SELECT ${LINE_COLUMNS} FROM settlement_lines l JOIN settlement_batches b ON b.id = l.batch_id WHERE l.batch_id = $1 ORDER BY l.position`,
      [id],
    );
    const carryOvers = await queryRows<CarryOverRow>(
      manager,
      `SELECT organisation_id, payee_name, reason, amount_cents::text, redemption_count, cheque_count
         FROM settlement_carry_overs WHERE batch_id = $1 ORDER BY payee_name`,
      [id],
    );
    return { ...summary, lines: lines.map(lineView), carryOvers: carryOvers.map(carryOverView) };
  }

  /** A place organisation's lines (its own), or any payee's for the operator. */
  async lines(actor: AuthenticatedActor, organisationId?: string): Promise<LineView[]> {
    const payee = actor.organisationKind === 'operator' ? (organisationId ?? null) : actor.organisationId;
    const rows = await queryRows<LineRow>(
      this.dataSource.manager,
      `SELECT ${LINE_COLUMNS} FROM settlement_lines l JOIN settlement_batches b ON b.id = l.batch_id
        WHERE ($1::uuid IS NULL OR l.organisation_id = $1) ORDER BY b.cut_off DESC, l.position`,
      [payee],
    );
    return rows.map(lineView);
  }

  /** One line, if the actor may see it (its payee or the operator); 404 otherwise. */
  async line(actor: AuthenticatedActor, lineId: string, manager: EntityManager = this.dataSource.manager): Promise<LineRow> {
    const [row] = await queryRows<LineRow>(
      manager,
      `SELECT ${LINE_COLUMNS} FROM settlement_lines l JOIN settlement_batches b ON b.id = l.batch_id WHERE l.id = $1`,
      [lineId],
    );
    if (!row || (actor.organisationKind !== 'operator' && row.organisation_id !== actor.organisationId)) {
      throw DomainError.notFound('settlement line');
    }
    return row;
  }

  /** Four eyes: another operator than the batch's creator approves it. Replaying answers the same batch. */
  async approve(actor: UserActor, id: string): Promise<BatchSummary> {
    return this.transition(actor, id, 'approve', async (manager, batch) => {
      assertFourEyes('approve', { createdBy: batch.created_by, approvedBy: batch.approved_by }, actor.userId);
      await manager.query("UPDATE settlement_batches SET status = 'approved', approved_by = $2, approved_at = $3 WHERE id = $1", [
        id,
        actor.userId,
        this.clock.now(),
      ]);
    });
  }

  /** The approved batch goes to the bank: its SEPA file can be downloaded from now on. */
  async export(actor: UserActor, id: string): Promise<BatchSummary> {
    return this.transition(actor, id, 'export', async (manager, batch) => {
      assertFourEyes('export', { createdBy: batch.created_by, approvedBy: batch.approved_by }, actor.userId);
      await manager.query("UPDATE settlement_batches SET status = 'exported', exported_by = $2, exported_at = $3 WHERE id = $1", [
        id,
        actor.userId,
        this.clock.now(),
      ]);
    });
  }

  /**
   * Cancels a batch that has not gone to the bank (draft or approved), with a reason: its lines are
   * cancelled, so their redemptions are uncovered again and the next batch built takes them (the same
   * cut-off may be built again). Nothing was booked for them (the ledger books a line when the bank
   * pays it) and their cheques are still redeemed, so neither changes. Taking the lines' ROW
   * EXCLUSIVE lock, it waits for a build under way (SHARE ROW EXCLUSIVE), and a build waits for it.
   */
  async cancel(actor: UserActor, key: string | undefined, id: string, reason: string): Promise<Answer<BatchSummary>> {
    this.idempotency.assertKey(key);
    const request = { organisationId: actor.organisationId, key, operation: 'settlement.cancel', body: { id, reason } };
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<BatchSummary>;
      const batch = await this.lockBatch(manager, id);
      if (batchCancellation(batch.status).changed) {
        const cancelled = await queryRows<{ id: string }>(
          manager,
          "UPDATE settlement_lines SET status = 'cancelled' WHERE batch_id = $1 AND status = 'pending' RETURNING id",
          [id],
        );
        await manager.query(
          "UPDATE settlement_batches SET status = 'cancelled', cancelled_by = $2, cancelled_at = $3, cancellation_reason = $4 WHERE id = $1",
          [id, actor.userId, this.clock.now(), reason],
        );
        await this.audit.record(manager, actor, {
          action: 'settlement_batch.cancelled',
          objectType: 'settlement_batch',
          objectId: id,
          changes: {
            from: batch.status,
            to: 'cancelled',
            reason,
            lineIds: cancelled.map((line) => line.id),
            totalCents: Number(batch.total_cents),
          },
        });
      }
      return this.idempotency.store(manager, request, 200, await this.summary(manager, id));
    });
  }

  private async transition(
    actor: UserActor,
    id: string,
    transition: SettlementTransition,
    apply: (manager: EntityManager, batch: BatchRow) => Promise<void>,
  ): Promise<BatchSummary> {
    return this.dataSource.transaction(async (manager) => {
      const batch = await this.lockBatch(manager, id);
      const next = batchTransition(batch.status, transition);
      if (next.changed) {
        await apply(manager, batch);
        await this.audit.record(manager, actor, {
          action: `settlement_batch.${next.status}`,
          objectType: 'settlement_batch',
          objectId: id,
          changes: { from: batch.status, to: next.status },
        });
      }
      return this.summary(manager, id);
    });
  }

  /** The bank paid every line still waiting: they are paid with this date and reference. */
  async markBatchPaid(actor: AuthenticatedActor, key: string | undefined, id: string, payment: BankPayment): Promise<Answer<BatchSummary>> {
    this.idempotency.assertKey(key);
    const request = { organisationId: actor.organisationId, key, operation: 'settlement.batch_paid', body: { id, ...payment } };
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<BatchSummary>;
      const batch = await this.lockBatch(manager, id);
      this.assertExported(batch);
      assertPaidOnPossible(payment.paidOn, batch.exported_at as Date, this.clock.now());
      const paid = await queryRows<{ id: string; organisation_id: string; amount_cents: string }>(
        manager,
        `UPDATE settlement_lines SET status = 'paid', paid_on = $2, bank_reference = $3, paid_by = $4
          WHERE batch_id = $1 AND status = 'pending' RETURNING id, organisation_id, amount_cents::text`,
        [id, payment.paidOn, payment.bankReference, personOf(actor)],
      );
      if (paid.length > 0) {
        await this.setChequeStatus(
          manager,
          'l.batch_id = $1 AND l.id = ANY($2::uuid[])',
          [id, paid.map((line) => line.id)],
          'redeemed',
          'settled',
        );
        for (const line of paid) {
          await this.recordPayment(
            manager,
            {
              id: line.id,
              batchId: id,
              organisationId: line.organisation_id,
              amountCents: Number(line.amount_cents),
            },
            payment.paidOn,
          );
        }
        await this.audit.record(manager, actor, {
          action: 'settlement_batch.lines_paid',
          objectType: 'settlement_batch',
          objectId: id,
          changes: { lineIds: paid.map((line) => line.id), ...payment },
        });
        await this.notifications.notify(
          manager,
          paid.map((line) => paymentSentNotice(line.organisation_id, Number(line.amount_cents), payment)),
        );
        for (const line of paid) {
          await this.announcePaid(
            manager,
            { id: line.id, batchId: id, organisationId: line.organisation_id, amountCents: Number(line.amount_cents) },
            payment,
          );
        }
      }
      await this.closeIfSettled(manager, actor, batch);
      return this.idempotency.store(manager, request, 200, await this.summary(manager, id));
    });
  }

  /**
   * The bank's answer for one line: paid, or rejected (its redemptions become payable again). A rejection
   * read from the bank's statement carries its booking day (`rejectedOn`): a return of a paid line is
   * booked that day, like payments; typed by hand, it is booked now.
   */
  async markLine(
    actor: AuthenticatedActor,
    key: string | undefined,
    lineId: string,
    outcome: { status: 'paid'; payment: BankPayment } | { status: 'rejected'; reason: string; rejectedOn?: IsoDate },
  ): Promise<Answer<LineView>> {
    this.idempotency.assertKey(key);
    const request = {
      organisationId: actor.organisationId,
      key,
      operation: `settlement.line_${outcome.status}`,
      body: { lineId, ...outcome },
    };
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<LineView>;
      const { batch_id: batchId } = await this.line(actor, lineId, manager);
      const batch = await this.lockBatch(manager, batchId);
      this.assertExported(batch);
      if (outcome.status === 'paid') assertPaidOnPossible(outcome.payment.paidOn, batch.exported_at as Date, this.clock.now());
      const [line] = await queryRows<{
        status: SettlementLineStatus;
        organisation_id: string;
        amount_cents: string;
        paid_on: IsoDate | null;
      }>(
        manager,
        "SELECT status, organisation_id, amount_cents::text, to_char(paid_on, 'YYYY-MM-DD') AS paid_on FROM settlement_lines WHERE id = $1 FOR UPDATE",
        [lineId],
      );
      const next = lineTransition(line.status, outcome.status);
      if (next.changed && outcome.status === 'rejected' && outcome.rejectedOn) {
        assertReturnedOnPossible(outcome.rejectedOn, line.paid_on, batch.exported_at as Date, this.clock.now());
      }
      const settled: SettledLine = { id: lineId, batchId, organisationId: line.organisation_id, amountCents: Number(line.amount_cents) };
      if (next.changed) {
        if (outcome.status === 'paid') {
          await manager.query(
            "UPDATE settlement_lines SET status = 'paid', paid_on = $2, bank_reference = $3, paid_by = $4 WHERE id = $1",
            [lineId, outcome.payment.paidOn, outcome.payment.bankReference, personOf(actor)],
          );
          await this.setChequeStatus(manager, 'l.id = $1', [lineId], 'redeemed', 'settled');
          await this.recordPayment(manager, settled, outcome.payment.paidOn);
          await this.notifications.notify(manager, [paymentSentNotice(settled.organisationId, settled.amountCents, outcome.payment)]);
          await this.announcePaid(manager, settled, outcome.payment);
        } else {
          const rejectedAt = outcome.rejectedOn ? startOfDayIn(outcome.rejectedOn) : this.clock.now();
          await manager.query(
            "UPDATE settlement_lines SET status = 'rejected', rejected_at = $2, rejected_by = $3, rejection_reason = $4 WHERE id = $1",
            [lineId, rejectedAt, personOf(actor), outcome.reason],
          );
          if (line.status === 'paid') {
            await this.setChequeStatus(manager, 'l.id = $1', [lineId], 'settled', 'redeemed');
            await this.recordBankRejection(manager, settled, rejectedAt);
          }
          await this.notifications.notify(manager, [
            {
              kind: 'transfer_rejected',
              organisationId: settled.organisationId,
              path: PLACE_PAYMENTS_PAGE,
              content: (links) => transferRejectedMail({ amountCents: settled.amountCents, reason: outcome.reason, ...links }),
            },
          ]);
          await this.webhooks.enqueue(manager, {
            organisationId: settled.organisationId,
            type: 'payment.rejected',
            at: this.clock.now(),
            data: {
              lineId,
              batchId,
              amountCents: settled.amountCents,
              currency: 'EUR',
              reason: outcome.reason,
              wasPaid: line.status === 'paid',
            },
          });
        }
        await this.audit.record(manager, actor, {
          action: `settlement_line.${outcome.status}`,
          objectType: 'settlement_line',
          objectId: lineId,
          changes: {
            batchId,
            from: line.status,
            to: next.status,
            ...(outcome.status === 'paid' ? outcome.payment : { reason: outcome.reason, rejectedOn: outcome.rejectedOn ?? null }),
          },
        });
        await this.closeIfSettled(manager, actor, batch);
      }
      return this.idempotency.store(manager, request, 200, lineView(await this.line(actor, lineId, manager)));
    });
  }

  /** Cheques of the lines matched by `where` (over alias l) move from one status to the other, in one statement. */
  private async setChequeStatus(
    manager: EntityManager,
    where: string,
    parameters: unknown[],
    from: 'redeemed' | 'settled',
    to: 'redeemed' | 'settled',
  ): Promise<void> {
    await manager.query(
      `UPDATE cheques c SET status = '${to}'
         FROM settlement_lines l JOIN ${LINE_REDEMPTIONS}
         JOIN redemption_cheques rc ON rc.redemption_id = r.id AND rc.released_at IS NULL
        WHERE ${where} AND c.id = rc.cheque_id AND c.status = '${from}'`,
      parameters,
    );
  }

  /** Once no line waits for the bank, the batch is paid. */
  private async closeIfSettled(manager: EntityManager, actor: AuthenticatedActor, batch: BatchRow): Promise<void> {
    if (batch.status !== 'exported') return;
    const lines = await queryRows<{ status: SettlementLineStatus }>(manager, 'SELECT status FROM settlement_lines WHERE batch_id = $1', [
      batch.id,
    ]);
    if (!batchSettled(lines.map((line) => line.status))) return;
    await manager.query("UPDATE settlement_batches SET status = 'paid', paid_at = $2 WHERE id = $1", [batch.id, this.clock.now()]);
    await this.audit.record(manager, actor, {
      action: 'settlement_batch.paid',
      objectType: 'settlement_batch',
      objectId: batch.id,
      changes: { from: 'exported', to: 'paid' },
    });
  }

  private assertExported(batch: BatchRow): void {
    assertBatchNotCancelled(batch.status);
    if (batch.status !== 'exported' && batch.status !== 'paid') {
      throw new DomainError('invalid_transition', `The batch is ${batch.status}: the bank's answers come after the export`, {
        code: 'batch_not_exported',
        status: batch.status,
      });
    }
  }

  private async lockBatch(manager: EntityManager, id: string): Promise<BatchRow> {
    const [batch] = await queryRows<BatchRow>(manager, `SELECT ${BATCH_COLUMNS} FROM settlement_batches b WHERE b.id = $1 FOR UPDATE`, [
      id,
    ]);
    if (!batch) throw DomainError.notFound('settlement batch');
    return batch;
  }

  private async summary(manager: EntityManager, id: string): Promise<BatchSummary> {
    const [batch] = await queryRows<BatchRow>(manager, `SELECT ${BATCH_COLUMNS} FROM settlement_batches b WHERE b.id = $1`, [id]);
    if (!batch) throw DomainError.notFound('settlement batch');
    return batchSummary(batch);
  }

  /** The transfer left the operator's account: payable to the place → bank, dated the bank's day. */
  private async recordPayment(manager: EntityManager, line: SettledLine, paidOn: IsoDate): Promise<void> {
    await this.ledger.recordSettlementPaid(manager, { ...this.ledgerPayment(line), paidAt: startOfDayIn(paidOn) });
  }

  /** The bank sent the transfer back: the money is in the account again and the place is owed it again. */
  private async recordBankRejection(manager: EntityManager, line: SettledLine, returnedAt: Date): Promise<void> {
    await this.ledger.recordSettlementRejected(manager, { ...this.ledgerPayment(line), paidAt: returnedAt });
  }

  /** The place's software hears that a transfer left (if it subscribed to payment.sent). */
  private announcePaid(manager: EntityManager, line: SettledLine, payment: BankPayment): Promise<unknown> {
    return this.webhooks.enqueue(manager, {
      organisationId: line.organisationId,
      type: 'payment.sent',
      at: this.clock.now(),
      data: {
        lineId: line.id,
        batchId: line.batchId,
        amountCents: line.amountCents,
        currency: 'EUR',
        paidOn: payment.paidOn,
        bankReference: payment.bankReference,
      },
    });
  }

  private ledgerPayment(line: SettledLine): Omit<SettlementPayment, 'paidAt'> {
    return { lineId: line.id, payeeOrganisationId: line.organisationId, amountCents: line.amountCents, memo: `lot ${line.batchId}` };
  }
}

/** The place's page of its payments, with each line's remittance statement (PDF). */
const PLACE_PAYMENTS_PAGE = '/mes-remboursements';

function paymentSentNotice(organisationId: string, amountCents: number, payment: BankPayment): Notice {
  return {
    kind: 'payment_sent',
    organisationId,
    path: PLACE_PAYMENTS_PAGE,
    content: (links) => paymentSentMail({ amountCents, paidOn: payment.paidOn, bankReference: payment.bankReference, ...links }),
  };
}

/** The person behind an answer of the bank (paid_by, rejected_by); an API token's is in the audit trail. */
function personOf(actor: AuthenticatedActor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}
