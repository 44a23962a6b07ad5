import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/access';
import { RegisterEntryDto } from './dto/qualification.dto';
import { sendFile } from './file-reply';
import { OPEN_DATA_LICENCE, OpenDataService } from './open-data.service';

/** Stable URLs of the open data on places, under Licence Ouverte 2.0. */
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
  async placesCsv(@Res() reply: FastifyReply): Promise<void> {
    await sendFile(
      reply,
      {
        fileName: 'lieux-mediation-numerique-pass-numerique.csv',
        contentType: 'text/csv; charset=utf-8',
        content: await this.openData.placesCsv(),
      },
      { inline: true, cache: 'public' },
    );
  }

  @Get('places.json')
  @ApiOperation({ summary: 'Qualified places, national schema rows as JSON' })
  async placesJson(): Promise<object> {
    return {
      licence: OPEN_DATA_LICENCE,
      schema: 'https://schema.data.gouv.fr/LaMednum/standard-mednum/1.0.2/',
      data: await this.openData.placeRows(),
    };
  }

  @Get('places.geojson')
  @ApiOperation({ summary: 'Qualified places as GeoJSON (properties: the national schema row)' })
  async placesGeoJson(): Promise<object> {
    return this.openData.placesGeoJson();
  }

  @Get('qualifications.json')
  @ApiOperation({ summary: 'Register of qualification decisions and suspensions, newest first' })
  @ApiOkResponse({ type: [RegisterEntryDto] })
  async qualificationsJson(): Promise<{ licence: typeof OPEN_DATA_LICENCE; data: RegisterEntryDto[] }> {
    return { licence: OPEN_DATA_LICENCE, data: await this.openData.register() };
  }

  @Get('qualifications.csv')
  @ApiOperation({ summary: 'Register of qualification decisions and suspensions (CSV)' })
  @ApiProduces('text/csv')
  async qualificationsCsv(@Res() reply: FastifyReply): Promise<void> {
    await sendFile(
      reply,
      {
        fileName: 'registre-qualifications-pass-numerique.csv',
        contentType: 'text/csv; charset=utf-8',
        content: await this.openData.registerCsv(),
      },
      { inline: true, cache: 'public' },
    );
  }

  @Get('data-inclusion.json')
  @ApiOperation({ summary: 'Qualified places in the data·inclusion schema v1 (structures and services)' })
  async dataInclusion(): Promise<object> {
    return { licence: OPEN_DATA_LICENCE, ...(await this.openData.dataInclusion()) };
  }
}
