import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsBody, CurrentActor, CurrentUser, Roles } from '@app/access';
import { PdfReplies } from '@app/documents';
import type { AuthenticatedActor, UserActor } from '@app/domain';
import {
  BookletRangeDto,
  CreateProgrammeDto,
  ProgrammeDto,
  ProgrammeQueryDto,
  RecordFundingDto,
  UpdateProgrammeDto,
} from './dto/programme.dto';
import { BookletPrintingService } from './printing/booklet-printing.service';
import { MAX_LOGO_BYTES, ProgrammesService } from './programmes.service';

const READERS = ['operator_admin', 'operator_reviewer', 'funder_manager', 'funder_viewer'] as const;

@ApiTags('programmes')
@Controller('programmes')
export class ProgrammesController {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly printing: BookletPrintingService,
    private readonly pdfs: PdfReplies,
  ) {}

  @Post()
  @Roles('funder_manager')
  @ApiOperation({
    summary: "Create a programme (a funder's order of cheques), as a draft",
    description:
      'A programme states the face value, the number of booklets and cheques per booklet, the validity period, the territory and the services its cheques pay for. It stays editable until ordered.',
  })
  @ApiCreatedResponse({ type: ProgrammeDto })
  async create(@CurrentUser() actor: UserActor, @Body() body: CreateProgrammeDto): Promise<ProgrammeDto> {
    return this.dto(await this.programmes.create(actor, body));
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Programmes: your own as a funder, all of them as the operator',
    description:
      'Optionally filtered by status (draft, ordered, funded, active, closed). A funder sees its own programmes; the operator sees all of them.',
  })
  @ApiOkResponse({ type: [ProgrammeDto] })
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ProgrammeQueryDto): Promise<ProgrammeDto[]> {
    return (await this.programmes.list(actor, query.status)).map((programme) => this.dto(programme));
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'One programme, with its order amounts and funding',
    description:
      "The programme's settings, status, amounts due (face value and fee) and funding received. A programme of another funder is 404.",
  })
  @ApiOkResponse({ type: ProgrammeDto })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProgrammeDto> {
    return this.dto(await this.programmes.get(actor, id));
  }

  @Patch(':id')
  @Roles('funder_manager')
  @ApiOperation({
    summary: 'Edit a draft programme',
    description: 'Only the fields sent change; a programme that is no longer a draft is 409 with details.code programme_not_draft.',
  })
  @ApiOkResponse({ type: ProgrammeDto })
  @ApiConflictResponse({ description: 'details.code: programme_not_draft' })
  async update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateProgrammeDto,
  ): Promise<ProgrammeDto> {
    return this.dto(await this.programmes.update(actor, id, body));
  }

  @Post(':id/order')
  @HttpCode(200)
  @Roles('funder_manager')
  @ApiOperation({
    summary: 'Place the order: the fee is fixed and the booklets and cheques are issued (not usable until funded and handed out)',
    description:
      'Fixes the fee at the current rate and issues every booklet and cheque of the programme in one transaction; the programme can no longer be edited.',
  })
  @ApiOkResponse({ type: ProgrammeDto })
  @ApiConflictResponse({ description: 'details.code: programme_not_draft' })
  async order(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProgrammeDto> {
    return this.dto(await this.programmes.order(actor, id));
  }

  @Post(':id/funding')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Record the money received for an ordered programme (operator)',
    description:
      'Records the amount received and its date and reference, booked in the ledger. Less than the total due is 409 funding_below_total_due.',
  })
  @ApiOkResponse({ type: ProgrammeDto })
  @ApiConflictResponse({
    description: 'details.code: programme_not_ordered, or funding_below_total_due (with details.fields naming amountCents)',
  })
  async fund(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordFundingDto,
  ): Promise<ProgrammeDto> {
    return this.dto(await this.programmes.fund(actor, id, body));
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Roles('operator_admin', 'funder_manager')
  @ApiOperation({
    summary: 'Open a funded programme: handed-out cheques become usable from its first day',
    description:
      'The programme becomes active: cheques already handed out can be redeemed from its validity start. Only a funded programme can be activated.',
  })
  @ApiOkResponse({ type: ProgrammeDto })
  @ApiConflictResponse({ description: 'details.code: programme_not_activatable (not funded, or already active or closed)' })
  async activate(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProgrammeDto> {
    return this.dto(await this.programmes.activate(actor, id));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Close a programme (operator): its cheques can no longer be used',
    description:
      "Closes the programme before or after its end: its unused cheques are refused from now on and its outstanding amount becomes the funder's credit note.",
  })
  @ApiOkResponse({ type: ProgrammeDto })
  @ApiConflictResponse({ description: 'details.code: programme_not_closable (neither funded nor active)' })
  async close(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProgrammeDto> {
    return this.dto(await this.programmes.close(actor, id));
  }

  @Put(':id/logo')
  @Roles('funder_manager', 'operator_admin')
  @ApiOperation({
    summary:
      'Set the logo printed on booklet covers (PNG or JPEG body, 1 MB at most, decoded whole and test-printed): the funder until funding, the operator at any time (to fix a logo that does not print)',
    description:
      'Send the image itself as the body (Content-Type image/png or image/jpeg). It is decoded whole and printed on a test cover before being kept, so a logo that cannot print is refused now rather than at printing.',
  })
  @AcceptsBody({ types: ['image/png', 'image/jpeg'], maxBytes: MAX_LOGO_BYTES })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ProgrammeDto })
  @ApiBadRequestResponse({
    description: 'validation_failed naming the field logo: not a PNG or JPEG, damaged, too large in pixels, or not printable',
  })
  @ApiConflictResponse({ description: 'details.code: programme_cover_locked (funded already, for the funder)' })
  async setLogo(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<ProgrammeDto> {
    return this.dto(await this.programmes.setLogo(actor, id, contentType?.split(';')[0].trim(), request.body));
  }

  @Delete(':id/logo')
  @Roles('funder_manager', 'operator_admin')
  @ApiOperation({
    summary: 'Remove the logo from booklet covers: the funder until funding, the operator at any time',
    description:
      'Booklet covers are printed without a logo from now on. The funder may do so until the programme is funded, the operator at any time.',
  })
  @ApiOkResponse({ type: ProgrammeDto })
  @ApiConflictResponse({ description: 'details.code: programme_cover_locked (funded already, for the funder)' })
  async removeLogo(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProgrammeDto> {
    return this.dto(await this.programmes.removeLogo(actor, id));
  }

  @Get(':id/logo')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'The logo printed on booklet covers, as it was sent (404 if there is none)',
    description:
      "The image as it was uploaded, with its own media type; private to the programme's funder and the operator, never cached by shared caches.",
  })
  @ApiProduces('image/png', 'image/jpeg')
  @ApiOkResponse({ description: 'The image', schema: { type: 'string', format: 'binary' } })
  async logo(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { image, type } = await this.programmes.visibleLogo(actor, id);
    // Private to the organisation, and replaceable: never kept by a shared cache nor reused unchecked.
    await reply.header('content-type', type).header('cache-control', 'private, no-cache').send(image);
  }

  @Get(':id/booklets.pdf')
  @Roles('operator_admin', 'funder_manager')
  @ApiOperation({
    summary:
      'Printable booklets (A4 PDF: a cover per booklet, then its cheques with their QR codes), optionally a range of booklet numbers; a failure once sending has begun aborts the connection',
    description:
      'Streams the PDF to print, every page generated from the issued cheques; `from` and `to` pick a range of booklet numbers. Recorded in the audit trail as a document produced.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF, streamed', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({
    description:
      'details.code: booklets_not_issued (a draft), programme_logo_unprintable (the stored logo does not print: replace it), booklet_codes_not_held (booklets taken over from a previous operator: their codes are only on paper)',
  })
  async booklets(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() range: BookletRangeDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.pdfs.send(reply, actor, { document: 'booklets', objectType: 'programme', objectId: id }, () =>
      this.printing.print(actor, id, range),
    );
  }

  private dto(programme: Parameters<typeof ProgrammeDto.from>[0]): ProgrammeDto {
    return ProgrammeDto.from(programme, this.programmes.currentFeeBasisPoints);
  }
}
