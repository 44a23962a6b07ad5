import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One pass of the anomaly rules: every redemption recorded in [scanned_from, scanned_until) was
 * examined (the next pass starts where the latest one stopped). Kept as a log: an auditor sees when
 * each redemption was examined and how many were held.
 */
@Entity({ name: 'anomaly_scans' })
@Index('anomaly_scans_until_idx', ['scannedUntil'])
export class AnomalyScanEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Null for the first pass: from the first redemption on. */
  @Column({ name: 'scanned_from', type: 'timestamptz', nullable: true })
  scannedFrom!: Date | null;

  @Column({ name: 'scanned_until', type: 'timestamptz' })
  scannedUntil!: Date;

  @Column({ name: 'redemption_count', type: 'integer' })
  redemptionCount!: number;

  @Column({ name: 'held_count', type: 'integer' })
  heldCount!: number;

  /** The settlement build whose cut-off it completed, or the periodic job. */
  @Column({ type: 'text' })
  trigger!: 'job' | 'settlement_build';

  @Column({ name: 'ran_at', type: 'timestamptz', default: () => 'now()' })
  ranAt!: Date;
}
