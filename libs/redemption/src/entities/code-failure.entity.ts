import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A verify or redeem call with a code that is unknown, mistyped or wrongly signed. Counted per
 * agent over a sliding window: a run of them is recorded as a security event (someone guessing codes).
 */
@Entity({ name: 'cheque_code_failures' })
@Index('cheque_code_failures_agent_time_idx', ['agentKey', 'failedAt'])
export class ChequeCodeFailureEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** "user:<id>" or "token:<id>". */
  @Column({ name: 'agent_key', type: 'text' })
  agentKey!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'failed_at', type: 'timestamptz' })
  failedAt!: Date;
}
