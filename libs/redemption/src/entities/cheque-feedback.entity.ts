import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PlaceEntity } from '@app/places';
import { ChequeEntity } from '@app/vouchers';

/**
 * A beneficiary's rating of the help received with a cheque: a scale and three ticks, no free text,
 * no personal data, the day only. One per cheque.
 */
@Entity({ name: 'cheque_feedback' })
@Index('cheque_feedback_cheque_unique', ['chequeId'], { unique: true })
@Index('cheque_feedback_place_idx', ['placeId'])
@Check('cheque_feedback_rating_range', '"rating" BETWEEN 1 AND 5')
export class ChequeFeedbackEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'cheque_id', type: 'bigint' })
  chequeId!: string;

  @ManyToOne(() => ChequeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cheque_id', foreignKeyConstraintName: 'cheque_feedback_cheque_fk' })
  cheque?: ChequeEntity;

  @Column({ name: 'place_id', type: 'uuid' })
  placeId!: string;

  @ManyToOne(() => PlaceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'place_id', foreignKeyConstraintName: 'cheque_feedback_place_fk' })
  place?: PlaceEntity;

  @Column({ type: 'smallint' })
  rating!: number;

  @Column({ type: 'boolean' })
  learned!: boolean;

  @Column({ type: 'boolean' })
  solved!: boolean;

  @Column({ name: 'will_return', type: 'boolean' })
  willReturn!: boolean;

  @Column({ name: 'given_on', type: 'date' })
  givenOn!: string;
}
