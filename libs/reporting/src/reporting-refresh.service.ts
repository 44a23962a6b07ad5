/**
 * The reporting facts are a rollup of the raw tables, recomputed as a whole in one transaction (the
 * rule: dashboards and open usage data show the figures as of the last refresh, whose time they
 * print). A refresh runs every REPORTING_REFRESH_MINUTES, at start-up, and on demand by the operator.
 * Readers keep seeing the previous figures until the refresh commits; one PostgreSQL advisory lock
 * keeps several API instances from recomputing at the same time.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Clock, CLOCK } from '@app/domain';
import { REFRESH_FACTS_SQL, REFRESH_FUNNEL_FACTS_SQL, REFRESH_PEOPLE_FACTS_SQL } from './reporting-figures.sql';
import { jobFailed, jobSucceeded } from '@app/metrics';

const REFRESH_LOCK = 'pass-numerique:reporting-refresh';

export interface RefreshRun {
  /** False when another instance was refreshing at the same moment. */
  ran: boolean;
  refreshedAt: Date | null;
}

@Injectable()
export class ReportingRefreshService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reporting');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.get<number>('REPORTING_REFRESH_MINUTES') ?? 10;
    if (minutes <= 0) return;
    const run = (): void => void this.runScheduled();
    this.timer = setInterval(run, minutes * 60_000);
    this.timer.unref();
    setTimeout(run, 3_000).unref();
  }

  /** One run of the timer: logged when it fails; its success time goes to /metrics (the last run this process did: take the max over instances). */
  async runScheduled(): Promise<void> {
    try {
      const done = await this.refresh();
      if (done.ran) jobSucceeded('reporting_refresh');
    } catch (error) {
      jobFailed('reporting_refresh');
      this.logger.error({ err: error }, 'reporting refresh failed');
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Recompute every fact from the raw tables, from one snapshot of them. */
  async refresh(): Promise<RefreshRun> {
    const started = Date.now();
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ locked }]: Array<{ locked: boolean }> = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        REFRESH_LOCK,
      ]);
      if (!locked) return { ran: false, refreshedAt: null };
      const refreshedAt = this.clock.now();
      await manager.query('DELETE FROM reporting_facts');
      await manager.query('DELETE FROM reporting_people_facts');
      await manager.query('DELETE FROM reporting_funnel_facts');
      await manager.query(REFRESH_FACTS_SQL);
      await manager.query(REFRESH_PEOPLE_FACTS_SQL);
      await manager.query(REFRESH_FUNNEL_FACTS_SQL);
      await manager.query(
        `INSERT INTO reporting_refreshes (id, refreshed_at, duration_ms) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, duration_ms = EXCLUDED.duration_ms`,
        [refreshedAt, Date.now() - started],
      );
      return { ran: true, refreshedAt };
    });
  }

  /** When the figures were last computed (null: never). */
  async refreshedAt(): Promise<Date | null> {
    const rows: Array<{ refreshed_at: Date }> = await this.dataSource.query('SELECT refreshed_at FROM reporting_refreshes WHERE id = 1');
    return rows[0]?.refreshed_at ?? null;
  }
}
