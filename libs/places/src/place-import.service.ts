/**
 * Import of places from a CSV in the national schema (e.g. a département's extract of the
 * cartographie nationale). Two steps: `check` reads the whole file and stores a report without
 * writing a single place; `apply`, on the operator's confirmation, writes the valid rows of that
 * report in one transaction (created or updated, matched on `id` then `pivot`). Imports never
 * qualify a place and never change who manages it.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CsvError, parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { queryRows } from '@app/database';
import { type AuthenticatedActor, DomainError, type ImportProblem, NATIONAL_SCHEMA_COLUMNS, type NationalSchemaRow } from '@app/domain';
import { PLACE_FIELD_NAMES, placeFieldsFromRow, type PlaceFields } from './domain/place-fields';
import { PlaceImportEntity } from './entities/place-import.entity';

/** Outer bound of an import file (a national extract of ~20,000 places is about 12 MB). */
export const PLACE_IMPORT_MAX_BYTES = 40 * 1024 * 1024;

const REQUIRED_COLUMNS = ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'];
// The national all-zero SIRET means "unknown": never a key to match places on.
const UNKNOWN_PIVOT = /^0+$/;
const ROWS_PER_STATEMENT = 500;

export interface ParsedImport {
  rowCount: number;
  validRows: Array<{ line: number; row: NationalSchemaRow }>;
  problems: ImportProblem[];
}

/** Reads and checks a national-schema CSV; pure apart from the libraries it uses. */
export function checkPlacesCsv(bytes: Buffer): ParsedImport {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fileProblem(
      'the file is not UTF-8 text (a spreadsheet saved as "CSV Windows" or Latin-1?): save it as "CSV UTF-8" and send it again',
    );
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return fileProblem('the file is empty');
  const headerLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = likelySeparator(headerLine);
  if (separator !== ',') {
    return fileProblem(
      `columns must be separated by commas${separator ? ` (this file uses ${separator === '\t' ? 'tabs' : `"${separator}"`})` : ''}`,
    );
  }
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (error) {
    if (error instanceof CsvError) return fileProblem(`the CSV cannot be read: ${error.message}`);
    throw error;
  }
  const [header, ...rows] = records;
  const columns = header.record.map((column) => column.trim());
  const problems: ImportProblem[] = [];
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.includes(column)) problems.push({ line: 1, field: column, problem: 'required column is missing' });
  }
  for (const column of columns) {
    if (!(NATIONAL_SCHEMA_COLUMNS as readonly string[]).includes(column))
      problems.push({ line: 1, field: column, problem: 'is not a column of the national schema' });
  }
  const duplicated = columns.filter((column, index) => columns.indexOf(column) !== index);
  for (const column of new Set(duplicated)) problems.push({ line: 1, field: column, problem: 'column appears twice' });
  if (problems.length > 0) return { rowCount: rows.length, validRows: [], problems };

  const validRows: ParsedImport['validRows'] = [];
  const seenIds = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== columns.length) {
      problems.push({ line, field: '', problem: `has ${record.length} values for ${columns.length} columns` });
      continue;
    }
    const row = Object.fromEntries(NATIONAL_SCHEMA_COLUMNS.map((column) => [column, ''])) as NationalSchemaRow;
    columns.forEach((column, index) => (row[column as keyof NationalSchemaRow] = record[index]));
    const { problems: rowProblems } = placeFieldsFromRow(row);
    const id = row.id.trim();
    const firstLine = seenIds.get(id);
    if (id && firstLine !== undefined) rowProblems.push({ field: 'id', problems: [`"${id}" already appears on line ${firstLine}`] });
    else if (id) seenIds.set(id, line);
    if (rowProblems.length === 0) validRows.push({ line, row });
    for (const problem of rowProblems) for (const text of problem.problems) problems.push({ line, field: problem.field, problem: text });
  }
  return { rowCount: rows.length, validRows, problems };
}

/** The character that most likely separates the header's columns (a spreadsheet's ";" is common in France). */
function likelySeparator(headerLine: string): string | null {
  const counts = [',', ';', '\t', '|'].map((separator) => [separator, headerLine.split(separator).length - 1] as const);
  const [best, count] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return count > 0 ? best : null;
}

function fileProblem(problem: string): ParsedImport {
  return { rowCount: 0, validRows: [], problems: [{ line: 0, field: '', problem }] };
}

@Injectable()
export class PlaceImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async check(actor: AuthenticatedActor, fileName: string, body: unknown): Promise<PlaceImportEntity> {
    if (!Buffer.isBuffer(body))
      throw new DomainError('unsupported_media_type', 'Send the CSV file as the request body, with Content-Type text/csv');
    const parsed = checkPlacesCsv(body);
    return this.dataSource.transaction(async (manager) => {
      const placeImport = manager.getRepository(PlaceImportEntity).create({
        fileName: fileName.slice(0, 200) || 'lieux.csv',
        status: 'checked',
        rowCount: parsed.rowCount,
        validRows: parsed.validRows,
        validRowCount: parsed.validRows.length,
        problems: parsed.problems,
        createdBy: actor.kind === 'user' ? actor.userId : null,
      });
      await manager.getRepository(PlaceImportEntity).insert(placeImport);
      await this.audit.record(manager, actor, {
        action: 'place_import.checked',
        objectType: 'place_import',
        objectId: placeImport.id,
        changes: {
          fileName: placeImport.fileName,
          rowCount: parsed.rowCount,
          validRowCount: parsed.validRows.length,
          problemCount: parsed.problems.length,
        },
      });
      delete placeImport.validRows;
      return placeImport;
    });
  }

  async get(id: string): Promise<PlaceImportEntity> {
    const placeImport = await this.dataSource.getRepository(PlaceImportEntity).findOneBy({ id });
    if (!placeImport) throw DomainError.notFound('import');
    return placeImport;
  }

  async list(): Promise<PlaceImportEntity[]> {
    return this.dataSource.getRepository(PlaceImportEntity).find({ order: { createdAt: 'DESC' }, take: 50 });
  }

  /** Writes the valid rows of a checked import, all or nothing; applying twice writes nothing twice. */
  async apply(actor: AuthenticatedActor, id: string): Promise<PlaceImportEntity> {
    return this.dataSource.transaction(async (manager) => {
      const placeImport = await manager
        .getRepository(PlaceImportEntity)
        .createQueryBuilder('import')
        .addSelect('import.validRows')
        .setLock('pessimistic_write')
        .where('import.id = :id', { id })
        .getOne();
      if (!placeImport) throw DomainError.notFound('import');
      if (placeImport.status === 'applied') return withoutRows(placeImport);
      if (placeImport.status === 'discarded')
        throw new DomainError('invalid_transition', 'This import was discarded', { code: 'import_discarded' });
      if (placeImport.problems.some((problem) => problem.line <= 1)) {
        throw new DomainError(
          'invalid_transition',
          'The file itself has problems (encoding, separator or columns): fix it and import it again',
          {
            code: 'import_file_invalid',
          },
        );
      }
      const rows = placeImport.validRows ?? [];
      if (rows.length === 0) throw new DomainError('invalid_transition', 'No valid row to import', { code: 'import_empty' });

      const existing = await queryRows<{ id: string; national_id: string; pivot: string }>(
        manager,
        'SELECT id, national_id, pivot FROM places',
        [],
      );
      const byNationalId = new Map(existing.map((place) => [place.national_id, place]));
      const byPivot = new Map<string, string[]>();
      for (const place of existing) byPivot.set(place.pivot, [...(byPivot.get(place.pivot) ?? []), place.national_id]);

      let created = 0;
      let updated = 0;
      const touched: string[] = [];
      // Ids are unique in the file; a pivot match must not send two rows to the same place.
      const claimed = new Set(rows.map(({ row }) => row.id.trim()));
      for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
        const batch = rows.slice(start, start + ROWS_PER_STATEMENT).map(({ row }) => {
          const { fields } = placeFieldsFromRow(row);
          let nationalId = row.id.trim();
          if (!byNationalId.has(nationalId) && !UNKNOWN_PIVOT.test(fields.pivot)) {
            const samePivot = byPivot.get(fields.pivot) ?? [];
            if (samePivot.length === 1 && !claimed.has(samePivot[0])) {
              nationalId = samePivot[0];
              claimed.add(nationalId);
            }
          }
          return { nationalId, dateMaj: row.date_maj.trim(), fields };
        });
        const result = await upsertPlaces(manager, batch);
        for (const row of result) {
          if (row.inserted) created++;
          else updated++;
          touched.push(row.id);
        }
      }
      await manager
        .getRepository(PlaceImportEntity)
        .update({ id }, { status: 'applied', appliedAt: new Date(), createdCount: created, updatedCount: updated });
      await this.audit.record(manager, actor, {
        action: 'place_import.applied',
        objectType: 'place_import',
        objectId: id,
        changes: { created, updated },
      });
      await this.audit.recordMany(
        manager,
        actor,
        touched.map((placeId) => ({ action: 'place.imported', objectType: 'place', objectId: placeId, changes: { importId: id } })),
      );
      return withoutRows(await manager.getRepository(PlaceImportEntity).findOneByOrFail({ id }));
    });
  }

  async discard(actor: AuthenticatedActor, id: string): Promise<PlaceImportEntity> {
    return this.dataSource.transaction(async (manager) => {
      const placeImport = await manager.getRepository(PlaceImportEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!placeImport) throw DomainError.notFound('import');
      if (placeImport.status === 'discarded') return placeImport;
      if (placeImport.status === 'applied')
        throw new DomainError('invalid_transition', 'This import was already applied', { code: 'import_applied' });
      await manager.getRepository(PlaceImportEntity).update({ id }, { status: 'discarded', validRows: [] });
      await this.audit.record(manager, actor, { action: 'place_import.discarded', objectType: 'place_import', objectId: id });
      return manager.getRepository(PlaceImportEntity).findOneByOrFail({ id });
    });
  }
}

function withoutRows(placeImport: PlaceImportEntity): PlaceImportEntity {
  delete placeImport.validRows;
  return placeImport;
}

const FIELD_COLUMNS = PLACE_FIELD_NAMES;

/** One INSERT … ON CONFLICT per batch: new places are created, known ones get the file's fields. */
async function upsertPlaces(
  manager: import('typeorm').EntityManager,
  batch: Array<{ nationalId: string; dateMaj: string; fields: PlaceFields }>,
): Promise<Array<{ id: string; inserted: boolean }>> {
  const columns = ['national_id', 'date_maj', ...FIELD_COLUMNS];
  const parameters: unknown[] = [];
  const values = batch.map(({ nationalId, dateMaj, fields }) => {
    const row = [nationalId, dateMaj, ...FIELD_COLUMNS.map((column) => fields[column])];
    const placeholders = row.map((value) => {
      parameters.push(value);
      return `$${parameters.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const updates = columns.filter((column) => column !== 'national_id').map((column) => `"${column}" = EXCLUDED."${column}"`);
  return queryRows(
    manager,
    `INSERT INTO places (${columns.map((column) => `"${column}"`).join(', ')}) VALUES ${values.join(', ')}
     ON CONFLICT (national_id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()
     RETURNING id, (xmax = 0) AS inserted`,
    parameters,
  );
}
