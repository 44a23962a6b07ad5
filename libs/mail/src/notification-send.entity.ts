import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A periodic notification already sent: one row per kind, subject (qualification decision,
 * programme, booklet) and occasion (the threshold in days, "closing"…). The periodic job inserts it
 * with ON CONFLICT DO NOTHING in the transaction that enqueues the mail: sent once, whatever the
 * number of runs and processes.
 */
@Entity({ name: 'notification_sends' })
export class NotificationSendEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'notification_sends_pk' })
  kind!: string;

  @PrimaryColumn({ name: 'subject_id', type: 'uuid', primaryKeyConstraintName: 'notification_sends_pk' })
  subjectId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'notification_sends_pk' })
  occasion!: string;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;
}
