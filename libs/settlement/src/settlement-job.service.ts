/**
 * The settlement job (SETTLEMENT_SCHEDULE, docs/settlement.md): every SETTLEMENT_JOB_INTERVAL_MINUTES
 * it builds the batch of the latest cut-off if it is not built yet. The batch then waits for the
 * four-eyes approval and the export like one built by hand. Safe with several API processes: the
 * build runs under the settlement build lock and answers the batch already built for the cut-off.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  type Clock,
  CLOCK,
  DEFAULT_SETTLEMENT_SCHEDULE,
  latestCutOff,
  previousMonth,
  type SettlementCadence,
  type SettlementSchedule,
  type Weekday,
} from '@app/domain';
import { startPeriodicJob } from '@app/metrics';
import { type ScheduledBuild, SettlementService } from './settlement.service';

export interface SettlementJobRun extends ScheduledBuild {
  ran: boolean;
  cutOff: string;
}

@Injectable()
export class SettlementJobService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SettlementJob');
  private stop = (): void => undefined;

  constructor(
    private readonly settlement: SettlementService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = startPeriodicJob(
      'settlement_batch',
      { minutes: this.config.get<number>('SETTLEMENT_JOB_INTERVAL_MINUTES') ?? 15, firstAfterMs: 30_000 },
      () => this.runDue(),
    );
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** The cadence as configured (validated at start-up). */
  schedule(): SettlementSchedule {
    return {
      cadence: this.config.get<SettlementCadence>('SETTLEMENT_SCHEDULE') ?? DEFAULT_SETTLEMENT_SCHEDULE.cadence,
      cutOffWeekday: this.config.get<Weekday>('SETTLEMENT_CUTOFF_WEEKDAY') ?? DEFAULT_SETTLEMENT_SCHEDULE.cutOffWeekday,
    };
  }

  /** Builds the latest cut-off's batch unless it exists; replayed or run at once by several processes, one batch. */
  async runDue(): Promise<SettlementJobRun> {
    const schedule = this.schedule();
    const cutOff = latestCutOff(schedule, this.clock.now());
    // A monthly batch is named after its month, as one built by hand for that month (same cut-off).
    const month = schedule.cadence === 'monthly' ? previousMonth(cutOff) : null;
    const build = await this.settlement.buildScheduled(cutOff, month);
    if (build.created) this.logger.log({ batchId: build.batch?.id, cutOff: cutOff.toISOString() }, 'settlement batch built at its cut-off');
    return { ran: true, cutOff: cutOff.toISOString(), ...build };
  }
}
