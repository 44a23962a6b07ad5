/**
 * Someone typing or scanning codes that do not exist, are mistyped or wrongly signed, again and
 * again, may be guessing codes or trying forged cheques. Each such failure is counted per agent;
 * every CODE_FAILURE_ALERT_EVERY failures within the window, a security event goes to the audit
 * trail (the operator's journal) and the log.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { type AuthenticatedActor, type Clock, CLOCK } from '@app/domain';

const SUSPICIOUS = new Set(['unknown_code', 'mistyped_code', 'invalid_signature']);
export const CODE_FAILURE_WINDOW_MINUTES = 15;
export const CODE_FAILURE_ALERT_EVERY = 10;

@Injectable()
export class CodeFailuresService {
  private readonly logger = new Logger('Security');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async recordIfSuspicious(actor: AuthenticatedActor, codes: string[], ip: string | undefined): Promise<void> {
    const reasons = codes.filter((code) => SUSPICIOUS.has(code));
    if (reasons.length === 0) return;
    const agentKey = actor.kind === 'user' ? `user:${actor.userId}` : `token:${actor.tokenId}`;
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO cheque_code_failures (agent_key, organisation_id, reason, ip, failed_at)
         SELECT $1, $2, reason, $3, $4 FROM unnest($5::text[]) AS reason`,
        [agentKey, actor.organisationId, ip ?? null, now, reasons],
      );
      const [{ n }]: Array<{ n: number }> = await manager.query(
        `SELECT count(*)::int AS n FROM cheque_code_failures WHERE agent_key = $1 AND failed_at > $2::timestamptz - make_interval(mins => $3)`,
        [agentKey, now, CODE_FAILURE_WINDOW_MINUTES],
      );
      const before = n - reasons.length;
      if (Math.floor(n / CODE_FAILURE_ALERT_EVERY) === Math.floor(before / CODE_FAILURE_ALERT_EVERY)) return;
      this.logger.warn({ agentKey, organisationId: actor.organisationId, failures: n, ip }, 'repeated invalid cheque codes');
      await this.audit.record(manager, actor, {
        action: 'security.invalid_cheque_codes',
        objectType: 'organisation',
        objectId: actor.organisationId,
        changes: { agent: agentKey, failures: n, windowMinutes: CODE_FAILURE_WINDOW_MINUTES, ip: ip ?? null },
      });
    });
  }
}
