import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '@app/identity';
import { ProgrammeEntity } from './programme.entity';

export const STOCK_TRANSFER_STATUSES = ['pending', 'approved', 'refused'] as const;
export type StockTransferStatus = (typeof STOCK_TRANSFER_STATUSES)[number];

/**
 * A distributor asks to pass booklets of a programme to another distributor of it; the programme's
 * funder or the operator approves or refuses (docs/stock.md). The booklets are chosen at the request
 * (the lowest numbers not handed out); those handed out meanwhile stay where they are at approval.
 */
@Entity({ name: 'stock_transfers' })
@Index('stock_transfers_programme_status_idx', ['programmeId', 'status'])
@Index('stock_transfers_from_idx', ['fromDistributorOrganisationId'])
@Index('stock_transfers_to_idx', ['toDistributorOrganisationId'])
@Check('stock_transfers_status_check', `"status" IN ('pending', 'approved', 'refused')`)
@Check('stock_transfers_other_distributor', '"from_distributor_organisation_id" <> "to_distributor_organisation_id"')
export class StockTransferEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @ManyToOne(() => ProgrammeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'stock_transfers_programme_fk' })
  programme?: ProgrammeEntity;

  @Column({ name: 'from_distributor_organisation_id', type: 'uuid' })
  fromDistributorOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_distributor_organisation_id', foreignKeyConstraintName: 'stock_transfers_from_fk' })
  fromDistributor?: OrganisationEntity;

  @Column({ name: 'to_distributor_organisation_id', type: 'uuid' })
  toDistributorOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_distributor_organisation_id', foreignKeyConstraintName: 'stock_transfers_to_fk' })
  toDistributor?: OrganisationEntity;

  /** The booklets asked for, chosen at the request. */
  @Column({ name: 'booklet_ids', type: 'uuid', array: true })
  bookletIds!: string[];

  /** At approval: those that moved (the others were handed out or cancelled meanwhile). */
  @Column({ name: 'moved_booklet_ids', type: 'uuid', array: true, nullable: true })
  movedBookletIds!: string[] | null;

  @Column({ type: 'text', default: 'pending' })
  status!: StockTransferStatus;

  /** Why the requester asks (optional, spreadsheet-safe). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'requested_by_user_id', type: 'uuid' })
  requestedByUserId!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'decided_by_user_id', type: 'uuid', nullable: true })
  decidedByUserId!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** The approver's or refuser's word (required to refuse). */
  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote!: string | null;
}
