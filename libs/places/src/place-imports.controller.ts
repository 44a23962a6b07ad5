import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsBody, CurrentActor, Roles } from '@app/access';
import { type AuthenticatedActor, csvFile } from '@app/domain';
import { PlaceImportDto } from './dto/place-import.dto';
import { sendFile } from './file-reply';
import { PLACE_IMPORT_MAX_BYTES, PlaceImportService } from './place-import.service';

@ApiTags('place imports')
@Roles('operator_admin')
@Controller('place-imports')
export class PlaceImportsController {
  constructor(private readonly imports: PlaceImportService) {}

  @Post()
  @ApiOperation({
    summary:
      'Check a CSV in the national schema: returns the report (every rejected row, field and reason); nothing is written until confirmed',
  })
  @AcceptsBody({ types: ['text/csv'], maxBytes: PLACE_IMPORT_MAX_BYTES })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'fileName', required: false, example: 'lieux-gironde.csv' })
  @ApiCreatedResponse({ type: PlaceImportDto })
  async check(
    @CurrentActor() actor: AuthenticatedActor,
    @Query('fileName') fileName: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<PlaceImportDto> {
    return PlaceImportDto.from(await this.imports.check(actor, fileName ?? '', request.body));
  }

  @Get()
  @ApiOperation({ summary: 'The 50 latest imports' })
  @ApiOkResponse({ type: [PlaceImportDto] })
  async list(): Promise<PlaceImportDto[]> {
    return (await this.imports.list()).map((placeImport) => PlaceImportDto.from(placeImport));
  }

  @Get(':id')
  @ApiOkResponse({ type: PlaceImportDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceImportDto> {
    return PlaceImportDto.from(await this.imports.get(id));
  }

  @Get(':id/report.csv')
  @ApiOperation({ summary: 'The report as a CSV (line, field, problem)' })
  async report(@Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    const placeImport = await this.imports.get(id);
    const content = csvFile(
      ['line', 'field', 'problem'],
      placeImport.problems.map((problem) => [problem.line, problem.field, problem.problem]),
    );
    await sendFile(reply, { fileName: `rapport-import-${id.slice(0, 8)}.csv`, contentType: 'text/csv; charset=utf-8', content });
  }

  @Post(':id/apply')
  @HttpCode(200)
  @ApiOperation({ summary: 'Write the valid rows of a checked import, all in one transaction (applying twice writes nothing more)' })
  @ApiOkResponse({ type: PlaceImportDto })
  async apply(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceImportDto> {
    return PlaceImportDto.from(await this.imports.apply(actor, id));
  }

  @Post(':id/discard')
  @HttpCode(200)
  @ApiOkResponse({ type: PlaceImportDto })
  async discard(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceImportDto> {
    return PlaceImportDto.from(await this.imports.discard(actor, id));
  }
}
