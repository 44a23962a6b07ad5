import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ChequeEntity } from '@app/vouchers';
import { RedemptionEntity } from './redemption.entity';

/**
 * A cheque in a redemption, with its face value then. The partial unique index is the second
 * guard of "at most once": a cheque can be in only one redemption that has not been undone.
 */
@Entity({ name: 'redemption_cheques' })
@Index('redemption_cheques_active_unique', ['chequeId'], { unique: true, where: '"released_at" IS NULL' })
export class RedemptionChequeEntity {
  @PrimaryColumn({ name: 'redemption_id', type: 'uuid' })
  redemptionId!: string;

  @ManyToOne(() => RedemptionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'redemption_id', foreignKeyConstraintName: 'redemption_cheques_redemption_fk' })
  redemption?: RedemptionEntity;

  @PrimaryColumn({ name: 'cheque_id', type: 'bigint' })
  chequeId!: string;

  @ManyToOne(() => ChequeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cheque_id', foreignKeyConstraintName: 'redemption_cheques_cheque_fk' })
  cheque?: ChequeEntity;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ name: 'face_value_cents', type: 'integer' })
  faceValueCents!: number;

  /** The last group of the code ("••••-••••-••••-PQRS-T"): enough for a statement, useless to a thief. */
  @Column({ name: 'masked_code', type: 'text' })
  maskedCode!: string;

  /** Set when the redemption is undone: the cheque may be spent again. */
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;
}
