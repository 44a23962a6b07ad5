import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/access';
import type { CacheConditions } from '@app/domain';
import { ConditionalGet, RequestConditions, sendConditional } from '@app/places';
import { type CachedDocument, UsageOpenDataService } from './usage-open-data.service';

/** The open-data portal's catalogue and the usage dataset: stable URLs, ETag and Last-Modified, 304 when unchanged. */
@ApiTags('open data')
@Public()
@Controller('open-data')
export class OpenDataPortalController {
  constructor(private readonly usage: UsageOpenDataService) {}

  @Get('catalog.json')
  @ApiOperation({
    summary:
      'Catalogue of the open datasets, JSON-LD in the DCAT-AP 3 profile of W3C DCAT 3 (context in the document): datasets, distributions, publisher, licence, schemas, dates',
  })
  @ApiProduces('application/ld+json')
  @ConditionalGet()
  async catalog(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.usage.catalog());
  }

  @Get('usage.csv')
  @ApiOperation({ summary: 'Usage per month × territory × service category (CSV UTF-8 with BOM; hidden cells read "< 5")' })
  @ApiProduces('text/csv')
  @ConditionalGet()
  async usageCsv(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.usage.usageCsv());
  }

  @Get('usage.json')
  @ApiOperation({ summary: 'The same usage dataset as JSON, with its licence and schema' })
  @ConditionalGet()
  async usageJson(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.usage.usageJson());
  }

  @Get('usage.schema.json')
  @ApiOperation({ summary: 'TableSchema (Frictionless) describing usage.csv' })
  @ConditionalGet()
  async usageSchema(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, this.usage.usageSchema());
  }
}

/** Documents whose ETag is a digest of their body: built first, then sent or answered 304. */
function send(reply: FastifyReply, conditions: CacheConditions, document: CachedDocument): Promise<void> {
  return sendConditional(reply, conditions, document, () => document);
}
