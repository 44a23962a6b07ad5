import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiDocumentResponse, ApiTextResponse, Public } from '@app/access';
import type { CacheConditions } from '@app/domain';
import { ConditionalGet, RequestConditions, sendConditional } from '@app/places';
import { FundsCoverageOpenDataDto, TABLE_SCHEMA_DOCUMENT } from './dto/funds-coverage-open-data.dto';
import {
  COVERAGE_COLUMNS,
  COVERAGE_CONTENT_TYPES,
  type CoverageDocument,
  FundsCoverageOpenDataService,
} from './funds-coverage-open-data.service';

/** The monthly public figure of the funds coverage: stable URLs, ETag and Last-Modified, 304 when unchanged. */
@ApiTags('open data')
@Public()
@Controller('open-data')
export class FundsCoverageOpenDataController {
  constructor(private readonly openData: FundsCoverageOpenDataService) {}

  @Get('funds-coverage.csv')
  @ApiOperation({
    summary: 'The funds coverage per month (CSV UTF-8 with BOM): ratio, confirmed balance, what was owed',
    description:
      'One row per month: the coverage of its last computed day (docs/funds-coverage.md); the month in progress is provisional (mois_termine = false). Conditional requests get 304 when nothing changed.',
  })
  @ApiTextResponse('The monthly rows (UTF-8 with BOM, CRLF)', COVERAGE_CONTENT_TYPES.csv, COVERAGE_COLUMNS.join(','))
  @ConditionalGet()
  async csv(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.openData.csv());
  }

  @Get('funds-coverage.json')
  @ApiOperation({
    summary: 'The same funds coverage dataset as JSON, with its licence and schema',
    description:
      'The rows of funds-coverage.csv as JSON objects, with the licence, the schema’s URL and the update date. Conditional requests get 304 when nothing changed.',
  })
  @ApiDocumentResponse('The monthly rows, with the licence and the schema', COVERAGE_CONTENT_TYPES.json, FundsCoverageOpenDataDto)
  @ConditionalGet()
  async json(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, await this.openData.json());
  }

  @Get('funds-coverage.schema.json')
  @ApiOperation({
    summary: 'TableSchema (Frictionless) describing funds-coverage.csv',
    description: "Each column's type, constraints and meaning. Conditional requests get 304 when nothing changed.",
  })
  @ApiDocumentResponse('The TableSchema', COVERAGE_CONTENT_TYPES.schema, TABLE_SCHEMA_DOCUMENT)
  @ConditionalGet()
  async schema(@RequestConditions() conditions: CacheConditions, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, conditions, this.openData.schema());
  }
}

function send(reply: FastifyReply, conditions: CacheConditions, document: CoverageDocument): Promise<void> {
  return sendConditional(reply, conditions, document, () => document);
}
