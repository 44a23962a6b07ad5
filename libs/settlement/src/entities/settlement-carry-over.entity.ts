import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CARRY_OVER_REASONS, type CarryOverReason } from '@app/domain';
import { OrganisationEntity } from '@app/identity';
import { SettlementBatchEntity } from './settlement-batch.entity';

/**
 * A payee with money due that a batch could not pay (no verified bank details). Nothing is
 * reserved: its redemptions stay uncovered and go into the first batch built once it is verified.
 */
@Entity({ name: 'settlement_carry_overs' })
@Index('settlement_carry_overs_batch_organisation_unique', ['batchId', 'organisationId'], { unique: true })
export class SettlementCarryOverEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId!: string;

  @ManyToOne(() => SettlementBatchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'settlement_carry_overs_batch_fk' })
  batch?: SettlementBatchEntity;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'settlement_carry_overs_organisation_fk' })
  organisation?: OrganisationEntity;

  @Column({ name: 'payee_name', type: 'text' })
  payeeName!: string;

  @Column({ type: 'enum', enum: CARRY_OVER_REASONS, enumName: 'settlement_carry_over_reason' })
  reason!: CarryOverReason;

  @Column({ name: 'amount_cents', type: 'bigint' })
  amountCents!: string;

  @Column({ name: 'redemption_count', type: 'integer' })
  redemptionCount!: number;

  @Column({ name: 'cheque_count', type: 'integer' })
  chequeCount!: number;
}
