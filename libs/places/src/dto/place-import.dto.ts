import { ApiProperty } from '@nestjs/swagger';
import { PLACE_IMPORT_STATUSES, type ImportProblem, type PlaceImportStatus } from '@app/domain';
import type { PlaceImportEntity } from '../entities/place-import.entity';

export class ImportProblemDto implements ImportProblem {
  @ApiProperty({ example: 12, description: 'Line in the file (1 = header, 0 = the whole file).' }) line!: number;
  @ApiProperty({ example: 'code_postal' }) field!: string;
  @ApiProperty({ example: 'must be 5 digits' }) problem!: string;
}

export class PlaceImportDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'lieux-gironde.csv' }) fileName!: string;
  @ApiProperty({ enum: PLACE_IMPORT_STATUSES }) status!: PlaceImportStatus;
  @ApiProperty({ example: 120, description: 'Data rows in the file.' }) rowCount!: number;
  @ApiProperty({ example: 118, description: 'Rows that will be written on confirmation.' }) validRowCount!: number;
  @ApiProperty({ description: 'Whether confirming writes anything (no file-level problem and at least one valid row).' })
  canApply!: boolean;
  @ApiProperty({ type: [ImportProblemDto] }) problems!: ImportProblemDto[];
  @ApiProperty({ type: Number, nullable: true }) createdCount!: number | null;
  @ApiProperty({ type: Number, nullable: true }) updatedCount!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) appliedAt!: string | null;

  static from(placeImport: PlaceImportEntity): PlaceImportDto {
    return {
      id: placeImport.id,
      fileName: placeImport.fileName,
      status: placeImport.status,
      rowCount: placeImport.rowCount,
      validRowCount: placeImport.validRowCount,
      canApply:
        placeImport.status === 'checked' && placeImport.validRowCount > 0 && !placeImport.problems.some((problem) => problem.line <= 1),
      problems: placeImport.problems,
      createdCount: placeImport.createdCount,
      updatedCount: placeImport.updatedCount,
      createdAt: new Date(placeImport.createdAt).toISOString(),
      appliedAt: placeImport.appliedAt ? new Date(placeImport.appliedAt).toISOString() : null,
    };
  }
}
