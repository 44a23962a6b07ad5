import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsBody, ApiTextResponse, CurrentActor, Roles } from '@app/access';
import { type AuthenticatedActor, csvFile } from '@app/domain';
import { PlaceImportDto } from './dto/place-import.dto';
import { sendFile } from './file-reply';
import { PLACE_IMPORT_MAX_BYTES, PlaceImportService } from './place-import.service';

const REPORT_CSV = 'text/csv; charset=utf-8';

@ApiTags('place imports')
@Roles('operator_admin')
@Controller('place-imports')
export class PlaceImportsController {
  constructor(private readonly imports: PlaceImportService) {}

  @Post()
  @ApiOperation({
    summary:
      'Check a CSV in the national schema: returns the report (every rejected row, field and reason); nothing is written until confirmed',
    description:
      "Send the CSV itself as the body (text/csv, UTF-8; comma, semicolon, tab or pipe separated). Every row is validated against the national schema and the registry's rules; the answer counts valid and refused rows and lists each problem.",
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
  @ApiOperation({
    summary: 'The 50 latest imports',
    description:
      'Each import with its file name, status (checked, applied, discarded), its rows (in the file, valid, then created and updated) and its problems, newest first.',
  })
  @ApiOkResponse({ type: [PlaceImportDto] })
  async list(): Promise<PlaceImportDto[]> {
    return (await this.imports.list()).map((placeImport) => PlaceImportDto.from(placeImport));
  }

  @Get(':id')
  @ApiOkResponse({ type: PlaceImportDto })
  @ApiOperation({
    summary: 'One import and its report',
    description: "The import's status, counts and every problem found (line, field, problem).",
  })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceImportDto> {
    return PlaceImportDto.from(await this.imports.get(id));
  }

  @Get(':id/report.csv')
  @ApiOperation({
    summary: 'The report as a CSV (line, field, problem)',
    description: 'One line per problem (line, field, problem), UTF-8 with BOM so that spreadsheets open it correctly.',
  })
  @ApiTextResponse('The problems, one per row', REPORT_CSV, '"line","field","problem"')
  async report(@Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    const placeImport = await this.imports.get(id);
    const content = csvFile(
      ['line', 'field', 'problem'],
      placeImport.problems.map((problem) => [problem.line, problem.field, problem.problem]),
    );
    await sendFile(reply, { fileName: `rapport-import-${id.slice(0, 8)}.csv`, contentType: REPORT_CSV, content });
  }

  @Post(':id/apply')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Write the valid rows of a checked import, all in one transaction (applying twice writes nothing more)',
    description: 'Creates or updates the places of the valid rows; refused rows are skipped. Recorded in the audit trail.',
  })
  @ApiOkResponse({ type: PlaceImportDto })
  async apply(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceImportDto> {
    return PlaceImportDto.from(await this.imports.apply(actor, id));
  }

  @Post(':id/discard')
  @HttpCode(200)
  @ApiOkResponse({ type: PlaceImportDto })
  @ApiOperation({
    summary: 'Drop a checked import without writing anything',
    description: 'The checked import is dropped without writing anything; it stays listed as discarded.',
  })
  async discard(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceImportDto> {
    return PlaceImportDto.from(await this.imports.discard(actor, id));
  }
}
