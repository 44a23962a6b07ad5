import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CHEQUE_STATUSES, type ChequeStatus } from '@app/domain';
import { BookletEntity } from './booklet.entity';
import { HandOutEntity } from './hand-out.entity';
import { ProgrammeEntity } from './programme.entity';

/**
 * One cheque. The code itself is never stored in clear: `code_hash` (SHA-256) finds it, and
 * `code_ciphertext` (AES-256-GCM, key outside the database) lets the booklets be printed again; it is
 * null for cheques taken over from a previous operator (docs/successor.md: their codes never leave it).
 */
@Entity({ name: 'cheques' })
@Index('cheques_code_hash_unique', ['codeHash'], { unique: true })
@Index('cheques_booklet_position_unique', ['bookletId', 'position'], { unique: true })
@Index('cheques_programme_status_idx', ['programmeId', 'status'])
@Index('cheques_booklet_status_idx', ['bookletId', 'status'])
@Index('cheques_hand_out_idx', ['handOutId'])
@Check('cheques_signature_length', 'octet_length("signature") = 64')
export class ChequeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @ManyToOne(() => ProgrammeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'cheques_programme_fk' })
  programme?: ProgrammeEntity;

  @Column({ name: 'booklet_id', type: 'uuid' })
  bookletId!: string;

  @ManyToOne(() => BookletEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'booklet_id', foreignKeyConstraintName: 'cheques_booklet_fk' })
  booklet?: BookletEntity;

  /** 1..cheques per booklet. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'code_hash', type: 'bytea' })
  codeHash!: Buffer;

  @Column({ name: 'code_ciphertext', type: 'bytea', nullable: true, select: false })
  codeCiphertext?: Buffer | null;

  /** Ed25519 signature over programme and code, by key `signing_key_id`. */
  @Column({ type: 'bytea' })
  signature!: Buffer;

  @Column({ name: 'signing_key_id', type: 'text' })
  signingKeyId!: string;

  @Column({ type: 'enum', enum: CHEQUE_STATUSES, enumName: 'cheque_status', default: 'issued' })
  status!: ChequeStatus;

  @Column({ name: 'hand_out_id', type: 'uuid', nullable: true })
  handOutId!: string | null;

  @ManyToOne(() => HandOutEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hand_out_id', foreignKeyConstraintName: 'cheques_hand_out_fk' })
  handOut?: HandOutEntity;

  @Column({ name: 'distributed_at', type: 'timestamptz', nullable: true })
  distributedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt!: Date | null;
}
