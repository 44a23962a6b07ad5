/**
 * After a programme's last day plus its grace period, its unused cheques expire and the programme
 * closes; the face value of funded ones becomes refundable to the funder (one ledger entry per
 * programme and run). Safe on several API instances: one PostgreSQL advisory lock, conditional updates.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { queryRows } from '@app/database';
import { LedgerService } from '@app/ledger';
import { type Clock, CLOCK, localDate, systemActor } from '@app/domain';
import { NotificationsService, statementAvailableMail } from '@app/mail';
import { startPeriodicJob } from '@app/metrics';

const EXPIRY_LOCK = 'pass-numerique:cheque-expiry';

export interface ExpiryRun {
  /** False when another instance was running it at the same moment. */
  ran: boolean;
  expiredCheques: number;
  closedProgrammes: number;
}

/**
 * The day `$1` is past the programme's redemption deadline (its last day plus the grace period): the
 * SQL writing of redemptionDeadline (libs/domain/src/cheque-status.ts), used by every statement of the
 * job. test/e2e/expiry-rule-agreement.e2e-spec.ts holds the two to the same answer.
 */
export function pastRedemptionDeadlineSql(programme: string): string {
  return `${programme}.valid_until + ${programme}.grace_days < $1::date`;
}

@Injectable()
export class ExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Expiry');
  private stop = (): void => undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly config: ConfigService,
    private readonly notifications: NotificationsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = startPeriodicJob(
      'cheque_expiry',
      { minutes: this.config.get<number>('EXPIRY_JOB_INTERVAL_MINUTES') ?? 60, firstAfterMs: 5_000 },
      () => this.expireDue(),
    );
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  private async notifyClosingStatements(manager: EntityManager, programmeIds: string[], now: Date): Promise<void> {
    const programmes = await closingStatementNotices(manager, programmeIds);
    await this.notifications.notifyOnce(
      manager,
      programmes.map((programme) => ({
        occasion: { subjectId: programme.id, occasion: 'closing' },
        notice: {
          kind: 'statement_available',
          organisationId: programme.funder_organisation_id,
          path: `/programmes/${programme.id}`,
          content: (links) => statementAvailableMail({ programmeName: programme.name, statement: 'closing', ...links }),
        },
      })),
      now,
    );
  }

  async expireDue(): Promise<ExpiryRun> {
    const now = this.clock.now();
    const today = localDate(now);
    const actor = systemActor('cheque-expiry');
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }]: Array<{ locked: boolean }> = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        EXPIRY_LOCK,
      ]);
      if (!locked) return { ran: false, expiredCheques: 0, closedProgrammes: 0 };
      // The programmes first, as funding does: a funding never counts cheques this run is expiring. A
      // closed programme too when an undone redemption has put cheques back in people's hands since:
      // they expire at once, and their value goes back to the funder.
      await manager.query(
        `SELECT id FROM programmes p
          WHERE (status IN ('ordered', 'funded', 'active')
                 OR (status = 'closed' AND EXISTS (SELECT 1 FROM cheques c WHERE c.programme_id = p.id AND c.status IN ('issued', 'distributed'))))
            AND ${pastRedemptionDeadlineSql('p')}
          ORDER BY id FOR UPDATE`,
        [today],
      );
      const expired: Array<{
        id: string;
        programme_id: string;
        face_value_cents: number;
        funder_organisation_id: string;
        funded: boolean;
      }> = await queryRows(
        manager,
        `UPDATE cheques c SET status = 'expired', expired_at = $2
             FROM programmes p
            WHERE p.id = c.programme_id AND c.status IN ('issued', 'distributed')
              AND p.status IN ('ordered', 'funded', 'active', 'closed') AND ${pastRedemptionDeadlineSql('p')}
            RETURNING c.id, c.programme_id, p.face_value_cents, p.funder_organisation_id, p.funded_at IS NOT NULL AS funded`,
        [today, now],
      );
      await this.ledger.recordReleases(manager, 'cheques_expired', `expiry:${now.toISOString()}`, expired.map(releasedCheque), now);
      await this.audit.recordMany(
        manager,
        actor,
        expired.map((cheque) => ({
          action: 'cheque.expired',
          objectType: 'cheque',
          objectId: String(cheque.id),
          changes: { programmeId: cheque.programme_id },
        })),
      );
      const closed: Array<{ id: string }> = await queryRows(
        manager,
        `UPDATE programmes SET status = 'closed', closed_at = $2
          WHERE status IN ('funded', 'active') AND ${pastRedemptionDeadlineSql('programmes')}
          RETURNING id`,
        [today, now],
      );
      await this.audit.recordMany(
        manager,
        actor,
        closed.map((programme) => ({
          action: 'programme.closed',
          objectType: 'programme',
          objectId: programme.id,
          changes: { reason: 'end of validity and grace period' },
        })),
      );
      await this.notifyClosingStatements(
        manager,
        [...new Set([...closed.map((programme) => programme.id), ...expired.map((cheque) => cheque.programme_id)])],
        now,
      );
      if (expired.length || closed.length)
        this.logger.log({ expiredCheques: expired.length, closedProgrammes: closed.length }, 'expiry run');
      return { ran: true, expiredCheques: expired.length, closedProgrammes: closed.length };
    });
  }
}

/**
 * A funded programme closed, with no cheque left to expire: its closing statement exists from now on
 * (closingStatementAvailability). Its funder is told once, whether this run closed it or expired the
 * last cheques of one closed by hand.
 */
async function closingStatementNotices(
  manager: EntityManager,
  programmeIds: string[],
): Promise<Array<{ id: string; name: string; funder_organisation_id: string }>> {
  return manager.query(
    `SELECT id, name, funder_organisation_id FROM programmes p
      WHERE id = ANY($1::uuid[]) AND status = 'closed' AND funded_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM cheques c WHERE c.programme_id = p.id AND c.status IN ('issued', 'distributed'))`,
    [programmeIds],
  );
}

/** A cheque row as the ledger releases it. */
export function releasedCheque(row: { programme_id: string; face_value_cents: number; funder_organisation_id: string; funded: boolean }): {
  programmeId: string;
  funderOrganisationId: string;
  faceValueCents: number;
  funded: boolean;
} {
  return {
    programmeId: row.programme_id,
    funderOrganisationId: row.funder_organisation_id,
    faceValueCents: row.face_value_cents,
    funded: row.funded,
  };
}
