import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiDocumentResponse, ApiTextResponse, Public } from '@app/access';
import type { CacheConditions } from '@app/domain';
import { ConditionalGet, RequestConditions, sendConditional } from '@app/places';
import { CATALOG_SCHEMA, FunnelOpenDataDto, PaymentDelaysOpenDataDto, TABLE_SCHEMA_SCHEMA, UsageOpenDataDto } from './dto/open-usage.dto';
import { FUNNEL_COLUMNS, FunnelOpenDataService } from './funnel-open-data.service';
import { type CachedDocument, PORTAL_CONTENT_TYPES } from './monthly-open-data';
import { PAYMENT_DELAY_COLUMNS, USAGE_COLUMNS, UsageOpenDataService } from './usage-open-data.service';

/** The open-data portal's catalogue and the usage dataset: stable URLs, ETag and Last-Modified, 304 when unchanged. */
@ApiTags('open data')
@Public()
@Controller('open-data')
export class OpenDataPortalController {
  constructor(
    private readonly usage: UsageOpenDataService,
    private readonly funnel: FunnelOpenDataService,
  ) {}

  @Get('catalog.json')
  @ApiOperation({
    summary:
      'Catalogue of the open datasets, JSON-LD in the DCAT-AP 3 profile of W3C DCAT 3 (context in the document): datasets, distributions, publisher, licence, schemas, dates',
    description:
      'Every open dataset of the platform as a dcat:Catalog: each dataset and distribution with an @id, dcat:accessURL and dcat:downloadURL, IANA media types, dct:conformsTo its schema, the Licence Ouverte 2.0 URI and typed dates (docs/open-data.md). Conditional requests get 304 when nothing changed.',
  })
  @ApiDocumentResponse('The catalogue (JSON-LD)', PORTAL_CONTENT_TYPES.catalog, CATALOG_SCHEMA)
  @ConditionalGet()
  async catalog(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.usage.catalog());
  }

  @Get('usage.csv')
  @ApiOperation({
    summary: 'Usage per month × territory × service category (CSV UTF-8 with BOM; hidden cells read "secret")',
    description:
      'One row per month, territory and service category: cheques used, their value, active places. Cells of too few cheques read "secret" (statistical secrecy, docs/statistical-secrecy.md); only months that are over are published. Conditional requests get 304 when nothing changed.',
  })
  @ApiTextResponse('The usage rows (UTF-8 with BOM, CRLF)', PORTAL_CONTENT_TYPES.usageCsv, USAGE_COLUMNS.join(','))
  @ConditionalGet()
  async usageCsv(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.usage.usageCsv());
  }

  @Get('usage.json')
  @ApiOperation({
    summary: 'The same usage dataset as JSON, with its licence and schema',
    description:
      "The rows of usage.csv as JSON objects, with the licence, the schema's URL, the update date and the threshold. Conditional requests get 304 when nothing changed.",
  })
  @ApiDocumentResponse('The usage rows, with the licence, the schema and the threshold', PORTAL_CONTENT_TYPES.usageJson, UsageOpenDataDto)
  @ConditionalGet()
  async usageJson(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.usage.usageJson());
  }

  @Get('usage.schema.json')
  @ApiOperation({
    summary: 'TableSchema (Frictionless) describing usage.csv',
    description:
      "The Frictionless TableSchema of usage.csv: each column's type, constraints and meaning, and the missing values. Conditional requests get 304 when nothing changed.",
  })
  @ApiDocumentResponse('The TableSchema', PORTAL_CONTENT_TYPES.usageSchema, TABLE_SCHEMA_SCHEMA)
  @ConditionalGet()
  async usageSchema(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, this.usage.usageSchema());
  }

  @Get('payment-delays.csv')
  @ApiOperation({
    summary: 'Payment delay of places per month of payment, for France and per département (CSV UTF-8 with BOM)',
    description:
      'One row per month of payment (months over) for France, then per département of the place: paid redemptions, places paid, median and 95th percentile of the days from redemption to payment. Small counts read "secret"; the delays of a row are given only from the threshold of paid redemptions over at least three places, none above 85 % of them (docs/open-data.md). Conditional requests get 304 when nothing changed.',
  })
  @ApiTextResponse('The payment-delay rows (UTF-8 with BOM, CRLF)', PORTAL_CONTENT_TYPES.usageCsv, PAYMENT_DELAY_COLUMNS.join(','))
  @ConditionalGet()
  async paymentDelaysCsv(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.usage.paymentDelaysCsv());
  }

  @Get('payment-delays.json')
  @ApiOperation({
    summary: 'The same payment delays as JSON, with their licence and schema',
    description:
      "The rows of payment-delays.csv as JSON objects, with the licence, the schema's URL, the update date and the threshold. Conditional requests get 304 when nothing changed.",
  })
  @ApiDocumentResponse(
    'The payment-delay rows, with the licence, the schema and the threshold',
    PORTAL_CONTENT_TYPES.usageJson,
    PaymentDelaysOpenDataDto,
  )
  @ConditionalGet()
  async paymentDelaysJson(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.usage.paymentDelaysJson());
  }

  @Get('payment-delays.schema.json')
  @ApiOperation({
    summary: 'TableSchema (Frictionless) describing payment-delays.csv',
    description:
      "The Frictionless TableSchema of payment-delays.csv: each column's type, constraints and meaning, and the missing values. Conditional requests get 304 when nothing changed.",
  })
  @ApiDocumentResponse('The TableSchema', PORTAL_CONTENT_TYPES.usageSchema, TABLE_SCHEMA_SCHEMA)
  @ConditionalGet()
  async paymentDelaysSchema(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, this.usage.paymentDelaysSchema());
  }

  @Get('funnel.csv')
  @ApiOperation({
    summary: 'Usage funnel per month of hand-out × département (CSV UTF-8 with BOM; hidden counts read "secret")',
    description:
      'One row per month of hand-out and département of the commune given at the hand-out: booklets handed out, with a cheque used, wholly used, expired; value handed out and used, share used, median days to first use. Counts of booklets are people: small ones (and those that would give them away) read "secret" (docs/statistical-secrecy.md); only months that are over are published. Conditional requests get 304 when nothing changed.',
  })
  @ApiTextResponse('The funnel rows (UTF-8 with BOM, CRLF)', PORTAL_CONTENT_TYPES.usageCsv, FUNNEL_COLUMNS.join(','))
  @ConditionalGet()
  async funnelCsv(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.funnel.funnelCsv());
  }

  @Get('funnel.json')
  @ApiOperation({
    summary: 'The same usage funnel as JSON, with its licence and schema',
    description:
      "The rows of funnel.csv as JSON objects, with the licence, the schema's URL, the update date and the threshold. Conditional requests get 304 when nothing changed.",
  })
  @ApiDocumentResponse('The funnel rows, with the licence, the schema and the threshold', PORTAL_CONTENT_TYPES.usageJson, FunnelOpenDataDto)
  @ConditionalGet()
  async funnelJson(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.funnel.funnelJson());
  }

  @Get('funnel.schema.json')
  @ApiOperation({
    summary: 'TableSchema (Frictionless) describing funnel.csv',
    description:
      "The Frictionless TableSchema of funnel.csv: each column's type, constraints and meaning, and the missing values. Conditional requests get 304 when nothing changed.",
  })
  @ApiDocumentResponse('The TableSchema', PORTAL_CONTENT_TYPES.usageSchema, TABLE_SCHEMA_SCHEMA)
  @ConditionalGet()
  async funnelSchema(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, this.funnel.funnelSchema());
  }
}

/** Documents whose ETag is a digest of their body: built first, then sent or answered 304. */
function send(reply: FastifyReply, conditions: CacheConditions, document: CachedDocument): Promise<void> {
  return sendConditional(reply, conditions, document, () => document);
}
