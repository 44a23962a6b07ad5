import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One e-mail to send, written in the same transaction as the change that causes it
 * (docs/adr/0010-outbox-and-periodic-jobs.md). The worker locks a due row (FOR UPDATE SKIP LOCKED),
 * sends it and records the outcome before the lock is released: two processes never both send it.
 * Once sent or given up, its bodies are erased (they may hold single-use links).
 */
@Entity({ name: 'outbox_messages' })
@Index('outbox_messages_due_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
export class OutboxMessageEntity {
  /** Also the e-mail's Message-ID (<id@host>): a receiver can recognise a repeat. */
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What the message is about (invitation, password_reset, first_admin…), for logs and metrics. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody!: string;

  @Column({ type: 'enum', enum: OUTBOX_STATUSES, enumName: 'outbox_status', default: 'pending' })
  status!: OutboxStatus;

  /** Attempts made (delivered or not). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
