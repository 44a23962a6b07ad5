import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/access';
import { type CacheConditions, entityTag } from '@app/domain';
import { ConditionalGet, type PublicDocument, RequestConditions, sendConditional } from './conditional-reply';
import { DataInclusionExportDto } from './dto/open-data.dto';
import { RegisterEntryDto } from './dto/qualification.dto';
import { OPEN_DATA_LICENCE, OpenDataService } from './open-data.service';

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

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
  })
  @ApiProduces('text/csv')
  @ConditionalGet()
  placesCsv(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.places(reply, conditions, 'csv', async (version) => ({
      contentType: CSV,
      body: await this.openData.placesCsv(version),
      fileName: 'lieux-mediation-numerique-pass-numerique.csv',
    }));
  }

  @Get('places.json')
  @ApiOperation({ summary: 'Qualified places, national schema rows as JSON' })
  @ConditionalGet()
  placesJson(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.places(reply, conditions, 'json', async () => ({
      contentType: JSON_TYPE,
      body: {
        licence: OPEN_DATA_LICENCE,
        schema: 'https://schema.data.gouv.fr/LaMednum/standard-mednum/1.0.2/',
        data: await this.openData.placeRows(),
      },
    }));
  }

  @Get('places.geojson')
  @ApiOperation({ summary: 'Qualified places as GeoJSON (properties: the national schema row)' })
  @ConditionalGet()
  placesGeoJson(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.places(reply, conditions, 'geojson', async () => ({
      contentType: 'application/geo+json; charset=utf-8',
      body: await this.openData.placesGeoJson(),
    }));
  }

  @Get('data-inclusion.json')
  @ApiOperation({
    summary: 'Qualified places in the data·inclusion schema v1.0.8 (structures and services); what could not be exported is in `problems`',
  })
  @ApiOkResponse({ type: DataInclusionExportDto })
  @ConditionalGet()
  dataInclusion(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.places(reply, conditions, 'data-inclusion', async () => ({
      contentType: JSON_TYPE,
      body: { licence: OPEN_DATA_LICENCE, ...(await this.openData.dataInclusion()) },
    }));
  }

  @Get('qualifications.json')
  @ApiOperation({ summary: 'Register of qualification decisions and suspensions, newest first' })
  @ApiOkResponse({ type: [RegisterEntryDto] })
  @ConditionalGet()
  qualificationsJson(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.register(reply, conditions, 'json', async () => ({
      contentType: JSON_TYPE,
      body: { licence: OPEN_DATA_LICENCE, data: await this.openData.register() },
    }));
  }

  @Get('qualifications.csv')
  @ApiOperation({ summary: 'Register of qualification decisions and suspensions (CSV)' })
  @ApiProduces('text/csv')
  @ConditionalGet()
  qualificationsCsv(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    return this.register(reply, conditions, 'csv', async () => ({
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
