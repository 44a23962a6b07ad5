import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/access';
import { type CachedDocument, UsageOpenDataService } from './usage-open-data.service';

/** The open-data portal's catalogue and the usage dataset: stable URLs, ETag and Last-Modified, 304 when unchanged. */
@ApiTags('open data')
@Public()
@Controller('open-data')
export class OpenDataPortalController {
  constructor(private readonly usage: UsageOpenDataService) {}

  @Get('catalog.json')
  @ApiOperation({
    summary: 'Catalogue of the open datasets (DCAT-like JSON): title, description, licence, update date, schema, download URLs',
  })
  @ApiHeader({ name: 'If-None-Match', required: false })
  async catalog(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.usage.catalog(), ifNoneMatch);
  }

  @Get('usage.csv')
  @ApiOperation({ summary: 'Usage per month × territory × service category (CSV UTF-8 with BOM; hidden cells read "< 5")' })
  @ApiProduces('text/csv')
  @ApiHeader({ name: 'If-None-Match', required: false })
  async usageCsv(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.usage.usageCsv(), ifNoneMatch, 'usage-pass-numerique.csv');
  }

  @Get('usage.json')
  @ApiOperation({ summary: 'The same usage dataset as JSON, with its licence and schema' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  async usageJson(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.usage.usageJson(), ifNoneMatch);
  }

  @Get('usage.schema.json')
  @ApiOperation({ summary: 'TableSchema (Frictionless) describing usage.csv' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  async usageSchema(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, this.usage.usageSchema(), ifNoneMatch);
  }
}

async function send(reply: FastifyReply, document: CachedDocument, ifNoneMatch: string | undefined, fileName?: string): Promise<void> {
  void reply
    .header('etag', document.etag)
    .header('last-modified', document.lastModified.toUTCString())
    .header('cache-control', 'public, max-age=300');
  const tags = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (tags.includes(document.etag) || tags.includes('*')) {
    await reply.status(304).send();
    return;
  }
  if (fileName) void reply.header('content-disposition', `inline; filename="${fileName}"`);
  await reply.header('content-type', document.contentType).send(document.body);
}
