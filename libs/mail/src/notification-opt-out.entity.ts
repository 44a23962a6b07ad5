import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * A kind of notification a person switched off (docs/notifications.md). No row: the kind is sent.
 * Essential kinds never have one (the preferences refuse them).
 */
@Entity({ name: 'notification_opt_outs' })
export class NotificationOptOutEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'notification_opt_outs_pk' })
  userId!: string;

  // By name: the users' entity lives in libs/identity, which imports this lib.
  @ManyToOne('UserEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'notification_opt_outs_user_fk' })
  user?: unknown;

  /** A NotificationKind (libs/domain/src/notifications.ts). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'notification_opt_outs_pk' })
  kind!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
