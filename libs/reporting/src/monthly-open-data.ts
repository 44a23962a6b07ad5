/**
 * What the monthly open datasets of the portal share (usage, funnel, payment delays): the months over
 * by the last refresh, the threshold of statistical secrecy, and their documents (CSV, JSON with the
 * licence and schema, TableSchema) with validators, each ETag a digest of its body.
 */
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  type CsvCell,
  csvFile,
  DEFAULT_SMALL_CELL_THRESHOLD,
  entityTag,
  firstDayOfMonth,
  type IsoDate,
  localDate,
  SECRET,
  toHttpSecond,
} from '@app/domain';
import type { PublicDocument } from '@app/places';
import { ReportingRefreshService } from './reporting-refresh.service';

export const OPEN_LICENCE = {
  name: 'Licence Ouverte / Open Licence version 2.0',
  url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
};

/** The content type of each document of the portal, as served and as the OpenAPI document says. */
export const PORTAL_CONTENT_TYPES = {
  catalog: 'application/ld+json; charset=utf-8',
  usageCsv: 'text/csv; charset=utf-8',
  usageJson: 'application/json; charset=utf-8',
  usageSchema: 'application/schema+json; charset=utf-8',
} as const;

/** A document of the portal with its validators (its ETag is a digest of its body). */
export interface CachedDocument extends PublicDocument {
  body: string;
  etag: string;
  lastModified: Date;
}

/** A portal document whose ETag is a digest of its body. */
export function cachedDocument(body: string, contentType: string, lastModified: Date, fileName?: string): CachedDocument {
  return { body, contentType, fileName, etag: entityTag(body), lastModified: toHttpSecond(lastModified) };
}

@Injectable()
export class MonthlyOpenData {
  constructor(
    private readonly refreshes: ReportingRefreshService,
    private readonly config: ConfigService,
  ) {}

  get threshold(): number {
    return this.config.get<number>('SMALL_CELL_THRESHOLD') ?? DEFAULT_SMALL_CELL_THRESHOLD;
  }

  get publicUrl(): string {
    return this.config.getOrThrow<string>('PUBLIC_URL').replace(/\/$/, '');
  }

  /**
   * The first day of the month of the last refresh: the months before it are over and published (not by
   * the clock: see DashboardService.refreshDay). A month in progress would change under a reader's eyes.
   */
  async firstMonthNotOver(): Promise<IsoDate> {
    return firstDayOfMonth(localDate((await this.refreshes.refreshedAt()) ?? new Date(0)));
  }

  /** The figures are those of the last refresh. */
  async refreshed(): Promise<Date> {
    return toHttpSecond((await this.refreshes.refreshedAt()) ?? new Date(0));
  }

  /** Rows month by month (in month order), each month's published on its own. */
  byMonth<Fact extends { month: string }, Row>(facts: Fact[], monthRows: (month: string, facts: Fact[]) => Row[]): Row[] {
    const months = [...new Set(facts.map((fact) => fact.month))].sort();
    return months.flatMap((month) =>
      monthRows(
        month,
        facts.filter((fact) => fact.month === month),
      ),
    );
  }

  csv<Column extends string>(
    columns: readonly Column[],
    rows: ReadonlyArray<Record<Column, CsvCell>>,
    lastModified: Date,
    fileName: string,
  ): CachedDocument {
    const body = csvFile(
      columns,
      rows.map((row) => columns.map((column) => row[column])),
    );
    return cachedDocument(body, PORTAL_CONTENT_TYPES.usageCsv, lastModified, fileName);
  }

  /** The rows as JSON objects, with the licence, the schema's URL (`schemaFile` of /api/open-data), the update date and the threshold. */
  json(schemaFile: string, rows: readonly object[], lastModified: Date): CachedDocument {
    const body = JSON.stringify({
      licence: OPEN_LICENCE,
      schema: `${this.publicUrl}/api/open-data/${schemaFile}`,
      updated: lastModified.toISOString(),
      smallCellThreshold: this.threshold,
      data: rows,
    });
    return cachedDocument(body, PORTAL_CONTENT_TYPES.usageJson, lastModified);
  }

  /**
   * A TableSchema (Frictionless) of a monthly dataset, dated when its text was last edited: under the
   * Licence Ouverte, hidden cells read « secret » (a missing value), its first field the month.
   */
  schema(
    table: { name: string; title: string; description: string; monthTitle: string; fields: object[]; primaryKey: string[] },
    edited: Date,
  ): CachedDocument {
    const schema = {
      $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
      name: table.name,
      title: table.title,
      description: table.description,
      licenses: [{ name: 'etalab-2.0', title: OPEN_LICENCE.name, path: OPEN_LICENCE.url }],
      missingValues: ['', SECRET],
      fields: [
        { name: 'mois', type: 'string', title: table.monthTitle, constraints: { required: true, pattern: '\\d{4}-(0[1-9]|1[0-2])' } },
        ...table.fields,
      ],
      primaryKey: table.primaryKey,
    };
    return cachedDocument(JSON.stringify(schema), PORTAL_CONTENT_TYPES.usageSchema, edited);
  }
}
