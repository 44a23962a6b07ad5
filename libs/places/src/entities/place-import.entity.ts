import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PLACE_IMPORT_STATUSES, type ImportProblem, type NationalSchemaRow, type PlaceImportStatus } from '@app/domain';

/**
 * A CSV file in the national schema, checked first (report), then applied on confirmation.
 * The checked rows are kept so what is applied is exactly what was reported.
 */
@Entity({ name: 'place_imports' })
export class PlaceImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ type: 'enum', enum: PLACE_IMPORT_STATUSES, enumName: 'place_import_status', default: 'checked' })
  status!: PlaceImportStatus;

  @Column({ name: 'row_count', type: 'integer' })
  rowCount!: number;

  @Column({ name: 'valid_rows', type: 'jsonb', select: false })
  validRows?: Array<{ line: number; row: NationalSchemaRow }>;

  @Column({ name: 'valid_row_count', type: 'integer' })
  validRowCount!: number;

  @Column({ type: 'jsonb' })
  problems!: ImportProblem[];

  @Column({ name: 'created_count', type: 'integer', nullable: true })
  createdCount!: number | null;

  @Column({ name: 'updated_count', type: 'integer', nullable: true })
  updatedCount!: number | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt!: Date | null;
}
