/**
 * The anomaly rules' pass (docs/anomaly-holds.md): the redemptions recorded since the last pass are
 * examined and those a rule flags are held out of settlement. It runs every ANOMALY_SCAN_INTERVAL_MINUTES
 * and, for what is left, inside each settlement build (BEFORE_SETTLEMENT_BUILD, under the build's
 * locks): never on the redemption's own path, whose latency is measured.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { localDateSql, queryRows } from '@app/database';
import { addDays, type Clock, CLOCK, type IsoDate, METROPOLITAN_TIME_ZONE, startOfDayIn, systemActor } from '@app/domain';
import { startPeriodicJob } from '@app/metrics';
import { type BeforeSettlementBuild, SETTLEMENT_BUILD_LOCK } from '@app/settlement';
import {
  anomaliesOf,
  type AnomalyReason,
  type AnomalyRulesConfig,
  BOOKLET_BURST_WINDOW_MINUTES,
  type BookletFacts,
  DEFAULT_ANOMALY_RULES,
  parseEnabledRules,
  type PlaceDayFacts,
  VOLUME_HISTORY_DAYS,
  volumeSpike,
} from './domain/anomaly-rules';

const ANOMALY_SCAN = systemActor('anomaly-scan');

/** The periodic pass stops this long before now: a redemption still being written then is examined by the next pass. */
const SETTLING_MINUTES = 5;

/** Redemptions examined per round trip (bounded memory, whatever the backlog). */
const CHUNK = 2_000;

/** A live settlement line of the redemption's payee covers it: it is in a batch already (see libs/settlement). */
const IN_LIVE_LINE = `EXISTS (SELECT 1 FROM settlement_lines l WHERE l.organisation_id = r.organisation_id
                        AND l.status IN ('pending', 'paid') AND l.covered @> r.recorded_at)`;

export interface ScanResult {
  ran: boolean;
  scannedFrom: string | null;
  scannedUntil: string | null;
  redemptionCount: number;
  heldCount: number;
}

interface Candidate {
  id: string;
  organisation_id: string;
  place_id: string;
  occurred_at: Date;
  recorded_at: Date;
  horaires: string | null;
  code_insee: string | null;
  day: IsoDate;
}

@Injectable()
export class AnomalyScanService implements BeforeSettlementBuild, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AnomalyScan');
  private stop = (): void => undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = startPeriodicJob(
      'anomaly_scan',
      { minutes: this.config.get<number>('ANOMALY_SCAN_INTERVAL_MINUTES') ?? 15, firstAfterMs: 20_000 },
      () => this.scan(),
    );
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** The rules as configured (validated at start-up). */
  rules(): AnomalyRulesConfig {
    return {
      enabled: parseEnabledRules(this.config.get<string>('ANOMALY_HOLD_RULES')),
      bookletBurstCheques: this.config.get<number>('ANOMALY_BOOKLET_BURST_CHEQUES') ?? DEFAULT_ANOMALY_RULES.bookletBurstCheques,
      openingHoursToleranceMinutes:
        this.config.get<number>('ANOMALY_OPENING_HOURS_TOLERANCE_MINUTES') ?? DEFAULT_ANOMALY_RULES.openingHoursToleranceMinutes,
      volumeFactor: this.config.get<number>('ANOMALY_VOLUME_FACTOR') ?? DEFAULT_ANOMALY_RULES.volumeFactor,
    };
  }

  /**
   * The periodic pass: up to a few minutes ago, under the settlement build lock (a hold never appears
   * in the middle of a build, which would pay what it holds).
   */
  async scan(settlingMinutes = SETTLING_MINUTES, rules: AnomalyRulesConfig = this.rules()): Promise<ScanResult> {
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [SETTLEMENT_BUILD_LOCK]);
      // The database's clock, as the redemptions' recording time.
      const [{ until }] = await queryRows<{ until: Date }>(manager, 'SELECT clock_timestamp() - make_interval(mins => $1) AS until', [
        settlingMinutes,
      ]);
      return this.scanUpTo(manager, until, 'job', rules);
    });
  }

  /** Inside a settlement build (its locks held): what was recorded before the cut-off and not examined yet. */
  async beforeBuild(manager: EntityManager, cutOff: Date): Promise<void> {
    await this.scanUpTo(manager, cutOff, 'settlement_build', this.rules());
  }

  private async scanUpTo(
    manager: EntityManager,
    until: Date,
    trigger: 'job' | 'settlement_build',
    rules: AnomalyRulesConfig,
  ): Promise<ScanResult> {
    const [{ from }] = await queryRows<{ from: Date | null }>(manager, 'SELECT max(scanned_until) AS from FROM anomaly_scans');
    if (from && from.getTime() >= until.getTime()) {
      return { ran: false, scannedFrom: from.toISOString(), scannedUntil: from.toISOString(), redemptionCount: 0, heldCount: 0 };
    }
    let redemptionCount = 0;
    let heldCount = 0;
    // Once per pass, set-based: each place's days of this pass with their 90 days before (not per chunk: a busy
    // place's history would be read again for every chunk it appears in).
    const days = rules.enabled.includes('volume_spike') ? await this.placeDays(manager, from, until) : new Map<string, PlaceDayFacts>();
    let after: { recordedAt: Date; id: string } | null = null;
    for (;;) {
      // Bounds written so that the index on recorded_at serves them: the app's connections plan once for any
      // parameters (force_generic_plan), and « $1 IS NULL OR … » would read every redemption on each pass.
      const candidates: Candidate[] = await queryRows<Candidate>(
        manager,
        `SELECT r.id, r.organisation_id, r.place_id, r.occurred_at, r.recorded_at, p.horaires, p.code_insee,
                to_char(${localDateSql('r.occurred_at')}, 'YYYY-MM-DD') AS day
           FROM redemptions r JOIN places p ON p.id = r.place_id
          WHERE r.recorded_at >= coalesce($1::timestamptz, '-infinity') AND r.recorded_at < $2
            AND (r.recorded_at, r.id) > (coalesce($3::timestamptz, '-infinity'), coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'))
            AND r.undone_at IS NULL
          ORDER BY r.recorded_at, r.id LIMIT ${CHUNK}`,
        [from, until, after?.recordedAt ?? null, after?.id ?? null],
      );
      if (candidates.length === 0) break;
      redemptionCount += candidates.length;
      if (rules.enabled.length > 0) heldCount += await this.examine(manager, candidates, rules, days);
      const last = candidates[candidates.length - 1];
      after = { recordedAt: last.recorded_at, id: last.id };
      if (candidates.length < CHUNK) break;
    }
    // A day far above the usual holds the whole day of that place, the redemptions recorded before this pass too.
    for (const [dayKey, day] of days) {
      const spike = volumeSpike(day, rules);
      if (!spike) continue;
      const [placeId, date] = dayKey.split('|');
      const sameDay = await queryRows<{ id: string; organisation_id: string }>(
        manager,
        `SELECT r.id, r.organisation_id FROM redemptions r
          WHERE r.place_id = $1 AND r.occurred_at >= $2 AND r.occurred_at < $3 AND r.undone_at IS NULL`,
        [placeId, startOfDayIn(date), startOfDayIn(addDays(date, 1))],
      );
      heldCount += await this.hold(
        manager,
        new Map(sameDay.map((row) => [row.id, { organisationId: row.organisation_id, reasons: [spike] }])),
      );
    }
    await manager.query(
      'INSERT INTO anomaly_scans (scanned_from, scanned_until, redemption_count, held_count, trigger) VALUES ($1, $2, $3, $4, $5)',
      [from, until, redemptionCount, heldCount, trigger],
    );
    if (heldCount > 0) this.logger.log({ heldCount, redemptionCount, trigger }, 'redemptions held for review');
    return { ran: true, scannedFrom: from?.toISOString() ?? null, scannedUntil: until.toISOString(), redemptionCount, heldCount };
  }

  /** The rules over one chunk; answers how many redemptions were held. */
  private async examine(
    manager: EntityManager,
    candidates: Candidate[],
    rules: AnomalyRulesConfig,
    days: Map<string, PlaceDayFacts>,
  ): Promise<number> {
    const booklets = await this.bookletFacts(
      manager,
      candidates.map((candidate) => candidate.id),
    );
    const flagged: Flagged = new Map();
    for (const candidate of candidates) {
      const reasons = anomaliesOf(
        {
          occurredAt: candidate.occurred_at,
          placeHours: candidate.horaires,
          placeCommune: candidate.code_insee,
          booklets: booklets.get(candidate.id) ?? [],
        },
        days.get(`${candidate.place_id}|${candidate.day}`) ?? null,
        rules,
      );
      if (reasons.length > 0) flagged.set(candidate.id, { organisationId: candidate.organisation_id, reasons });
    }
    return this.hold(manager, flagged);
  }

  /** Holds these redemptions (once; never one already in a batch: the build that paid it had examined it), audited. */
  private async hold(manager: EntityManager, flagged: Flagged): Promise<number> {
    if (flagged.size === 0) return 0;
    const ids = [...flagged.keys()];
    const held = await queryRows<{ id: string; redemption_id: string }>(
      manager,
      `INSERT INTO redemption_holds (redemption_id, organisation_id, reasons, status, flagged_at)
       SELECT f.redemption_id, f.organisation_id, f.reasons, 'held', $4
         FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[]) AS f(redemption_id, organisation_id, reasons)
         JOIN redemptions r ON r.id = f.redemption_id
        WHERE NOT ${IN_LIVE_LINE}
       ON CONFLICT (redemption_id) DO NOTHING
       RETURNING id, redemption_id`,
      [ids, ids.map((id) => flagged.get(id)?.organisationId), ids.map((id) => JSON.stringify(flagged.get(id)?.reasons)), this.clock.now()],
    );
    await this.audit.recordMany(
      manager,
      ANOMALY_SCAN,
      held.map((hold) => ({
        action: 'redemption_hold.flagged',
        objectType: 'redemption_hold',
        objectId: hold.id,
        changes: { redemptionId: hold.redemption_id, rules: flagged.get(hold.redemption_id)?.reasons.map((reason) => reason.rule) },
      })),
    );
    return held.length;
  }

  /**
   * Per redemption, its cheques' booklets: serial, hand-out commune, and every live use of that
   * booklet at the same place within an hour (index on cheques.booklet_id, a booklet holds ≤ 50 cheques).
   */
  private async bookletFacts(manager: EntityManager, redemptionIds: string[]): Promise<Map<string, BookletFacts[]>> {
    const rows = await queryRows<{
      redemption_id: string;
      serial: string;
      hand_out_commune: string | null;
      uses: Array<{ at: string; cheques: number }>;
    }>(
      manager,
      `SELECT rc.redemption_id, b.serial, min(h.commune_code) AS hand_out_commune,
              (SELECT coalesce(json_agg(json_build_object('at', u.occurred_at, 'cheques', u.cheques)), '[]'::json)
                 FROM (SELECT r2.occurred_at, count(*)::int AS cheques
                         FROM cheques c2
                         JOIN redemption_cheques rc2 ON rc2.cheque_id = c2.id AND rc2.released_at IS NULL
                         JOIN redemptions r2 ON r2.id = rc2.redemption_id AND r2.undone_at IS NULL
                        WHERE c2.booklet_id = b.id AND r2.place_id = r.place_id
                          AND r2.occurred_at BETWEEN r.occurred_at - make_interval(mins => ${BOOKLET_BURST_WINDOW_MINUTES})
                                                 AND r.occurred_at + make_interval(mins => ${BOOKLET_BURST_WINDOW_MINUTES})
                        GROUP BY r2.id, r2.occurred_at) AS u) AS uses
         FROM redemption_cheques rc
         JOIN redemptions r ON r.id = rc.redemption_id
         JOIN cheques c ON c.id = rc.cheque_id
         JOIN booklets b ON b.id = c.booklet_id
         LEFT JOIN hand_outs h ON h.id = c.hand_out_id
        WHERE rc.redemption_id = ANY($1::uuid[])
        GROUP BY rc.redemption_id, b.id, b.serial, r.place_id, r.occurred_at`,
      [redemptionIds],
    );
    const facts = new Map<string, BookletFacts[]>();
    for (const row of rows) {
      const list = facts.get(row.redemption_id) ?? [];
      list.push({
        serial: row.serial,
        handOutCommune: row.hand_out_commune,
        uses: row.uses.map((use) => ({ at: new Date(use.at), cheques: use.cheques })),
      });
      facts.set(row.redemption_id, list);
    }
    return facts;
  }

  /**
   * Per place and Paris day that this pass examines: that day's amount and cheques, and the amounts of the
   * place's active days in the 90 days before. One grouped read of those places' redemptions over their span.
   */
  private async placeDays(manager: EntityManager, from: Date | null, until: Date): Promise<Map<string, PlaceDayFacts>> {
    const day = localDateSql('r.occurred_at');
    const rows = await queryRows<{ place_id: string; day: string; day_cents: string; day_cheques: number; history: string[] | null }>(
      manager,
      `WITH touched AS (
         SELECT DISTINCT r.place_id, ${day} AS day FROM redemptions r
          WHERE r.recorded_at >= coalesce($1::timestamptz, '-infinity') AND r.recorded_at < $2 AND r.undone_at IS NULL
       ), spans AS (
         SELECT place_id, min(day) - ${VOLUME_HISTORY_DAYS} AS since, max(day) + 1 AS before FROM touched GROUP BY place_id
       ), daily AS (
         SELECT r.place_id, ${day} AS day, sum(r.amount_cents) AS cents, sum(r.cheque_count) AS cheques
           FROM spans s JOIN redemptions r ON r.place_id = s.place_id AND r.undone_at IS NULL
            AND r.occurred_at >= (s.since::timestamp AT TIME ZONE $3) AND r.occurred_at < (s.before::timestamp AT TIME ZONE $3)
          GROUP BY 1, 2
       )
       SELECT t.place_id, to_char(t.day, 'YYYY-MM-DD') AS day, d.cents::text AS day_cents, d.cheques::int AS day_cheques,
              array_agg(h.cents::text) FILTER (WHERE h.place_id IS NOT NULL) AS history
         FROM touched t JOIN daily d ON d.place_id = t.place_id AND d.day = t.day
         LEFT JOIN daily h ON h.place_id = t.place_id AND h.day >= t.day - ${VOLUME_HISTORY_DAYS} AND h.day < t.day
        GROUP BY t.place_id, t.day, d.cents, d.cheques`,
      [from, until, METROPOLITAN_TIME_ZONE],
    );
    return new Map(
      rows.map((row) => [
        `${row.place_id}|${row.day}`,
        { dayCents: Number(row.day_cents), dayCheques: row.day_cheques, historyCents: (row.history ?? []).map(Number) },
      ]),
    );
  }
}

type Flagged = Map<string, { organisationId: string; reasons: AnomalyReason[] }>;
