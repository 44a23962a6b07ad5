import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiCsvFormatQuery, ApiDocumentResponse, ApiTextResponse, CsvFormatQuery, Public } from '@app/access';
import { type CacheConditions, type CsvFormat, CSV_WRITER_REVISION, csvFile, entityTag, NATIONAL_SCHEMA_COLUMNS } from '@app/domain';
import { ConditionalGet, type PublicDocument, RequestConditions, sendConditional } from './conditional-reply';
import {
  DataInclusionExportDto,
  OpenDataPageQueryDto,
  OpenDataPlacesDto,
  OpenDataPlacesGeoJsonDto,
  OpenDataRegisterDto,
} from './dto/open-data.dto';
import { OPEN_DATA_LICENCE, OpenDataService, REGISTER_COLUMNS } from './open-data.service';

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const GEOJSON = 'application/geo+json; charset=utf-8';
/** The header line of each CSV, as its example. */
const header = (columns: readonly string[]): string => csvFile(columns, []).replace(/^\uFEFF/, '');

/** The format part of a CSV's entity tag: a file written by an older writer is stale. */
const csvTag = (format: CsvFormat): string => `csv:${format}:${CSV_WRITER_REVISION}`;

/**
 * Stable URLs of the open data on places, under Licence Ouverte 2.0, each with an ETag and a
 * Last-Modified derived from what its content depends on (304 when the client's copy is current).
 */
@ApiTags('open data')
@Public()
@Controller('open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Get('places.csv')
  @ApiOperation({
    summary: 'Qualified places, national schema "lieux de médiation numérique" v1.0.2 (CSV UTF-8, comma, schema column order)',
    description:
      'One row per qualified, not suspended place in the columns of the national schema, under Licence Ouverte 2.0. ETag and Last-Modified follow the places: a conditional request gets 304 when nothing changed.',
  })
  @ApiCsvFormatQuery()
  @ApiTextResponse('The places, one per row (UTF-8 with BOM)', CSV, header(NATIONAL_SCHEMA_COLUMNS))
  @ConditionalGet()
  placesCsv(
    @RequestConditions() conditions: CacheConditions,
    @CsvFormatQuery() format: CsvFormat,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const excel = format === 'excel-fr';
    return this.places(reply, conditions, csvTag(format), async (version) => ({
      contentType: CSV,
      body: await this.openData.placesCsv(version, format),
      fileName: `lieux-mediation-numerique-pass-numerique${excel ? '-excel' : ''}.csv`,
    }));
  }

  @Get('places.json')
  @ApiOperation({
    summary: 'Qualified places, national schema rows as JSON',
    description:
      "The rows of places.csv as JSON objects, with the licence and the schema's URL. With `limit` (and then `cursor`, the `nextCursor` of the page before), the rows by pages in national id order: no gap, no duplicate while places change. Conditional requests get 304 when nothing changed.",
  })
  @ApiDocumentResponse('The places as national schema rows, with the licence', JSON_TYPE, OpenDataPlacesDto)
  @ConditionalGet()
  placesJson(
    @RequestConditions() conditions: CacheConditions,
    @Query() query: OpenDataPageQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const schema = 'https://schema.data.gouv.fr/LaMednum/standard-mednum/1.0.2/';
    if (query.limit === undefined && !query.cursor) {
      return this.places(reply, conditions, 'json', async () => ({
        contentType: JSON_TYPE,
        body: { licence: OPEN_DATA_LICENCE, schema, data: await this.openData.placeRows() },
      }));
    }
    // Checked before any header is set: a bad cursor is a plain 400.
    const after = query.cursor ? this.openData.placesCursorPosition(query.cursor) : undefined;
    // Each page is its own representation: its position is part of its entity tag.
    const limit = query.limit ?? 500;
    return this.places(reply, conditions, `json|${limit}|${query.cursor ?? ''}`, async () => {
      const { rows, nextCursor } = await this.openData.placeRowsPage(limit, after);
      return { contentType: JSON_TYPE, body: { licence: OPEN_DATA_LICENCE, schema, data: rows, nextCursor } };
    });
  }

  @Get('places.geojson')
  @ApiOperation({
    summary: 'Qualified places as GeoJSON (properties: the national schema row)',
    description:
      'A GeoJSON FeatureCollection (RFC 7946) of the qualified places: a Point per place, its properties the national schema row. Conditional requests get 304 when nothing changed.',
  })
  @ApiDocumentResponse('A GeoJSON FeatureCollection of the places', GEOJSON, OpenDataPlacesGeoJsonDto)
  @ConditionalGet()
  placesGeoJson(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.places(reply, conditions, 'geojson', async () => ({
      contentType: GEOJSON,
      body: await this.openData.placesGeoJson(),
    }));
  }

  @Get('data-inclusion.json')
  @ApiOperation({
    summary: 'Qualified places in the data·inclusion schema v1.0.8 (structures and services); what could not be exported is in `problems`',
    description:
      'One structure and one « Médiation numérique » service per qualified place, valid against the data·inclusion v1 schemas, for the national data·inclusion platform; every place not exported and every value left out is listed in `problems` with why (docs/open-data.md). Conditional requests get 304 when nothing changed.',
  })
  @ApiDocumentResponse('Structures and services in the data·inclusion schema v1', JSON_TYPE, DataInclusionExportDto)
  @ConditionalGet()
  dataInclusion(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.places(reply, conditions, 'data-inclusion', async () => ({
      contentType: JSON_TYPE,
      body: { licence: OPEN_DATA_LICENCE, ...(await this.openData.dataInclusion()) },
    }));
  }

  @Get('qualifications.json')
  @ApiOperation({
    summary: 'Register of qualification decisions and suspensions, newest first',
    description:
      'Each qualification, refusal, suspension, lifting and lapse with the place, the date, the referential version and the motivation, under Licence Ouverte 2.0. Conditional requests get 304 when nothing changed.',
  })
  @ApiDocumentResponse('The register, with the licence', JSON_TYPE, OpenDataRegisterDto)
  @ConditionalGet()
  qualificationsJson(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.register(reply, conditions, 'json', async () => ({
      contentType: JSON_TYPE,
      body: { licence: OPEN_DATA_LICENCE, data: await this.openData.register() },
    }));
  }

  @Get('qualifications.csv')
  @ApiOperation({
    summary: 'Register of qualification decisions and suspensions (CSV)',
    description: 'The rows of qualifications.json as CSV. Conditional requests get 304 when nothing changed.',
  })
  @ApiTextResponse('The register, one event per row (UTF-8 with BOM)', CSV, header(REGISTER_COLUMNS))
  @ConditionalGet()
  qualificationsCsv(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.register(reply, conditions, csvTag('rfc4180'), async () => ({
      contentType: CSV,
      body: await this.openData.registerCsv(),
      fileName: 'registre-qualifications-pass-numerique.csv',
    }));
  }

  /** `document` gets the version of the places the validators stand for. */
  private async places(
    reply: FastifyReply,
    conditions: CacheConditions,
    format: string,
    document: (version: string) => Promise<PublicDocument>,
  ) {
    const { version, modified } = await this.openData.placesVersion();
    await sendConditional(reply, conditions, { etag: entityTag('places', format, version), lastModified: modified }, () =>
      document(version),
    );
  }

  private async register(reply: FastifyReply, conditions: CacheConditions, format: string, document: () => Promise<PublicDocument>) {
    const { version, modified } = await this.openData.registerVersion();
    await sendConditional(reply, conditions, { etag: entityTag('register', format, version), lastModified: modified }, document);
  }
}
