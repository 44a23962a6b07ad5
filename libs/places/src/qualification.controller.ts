import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsBody, ApiFileResponse, CurrentActor, CurrentUser, Public, Roles } from '@app/access';
import { type AuthenticatedActor, DOCUMENT_TYPES, MAX_CRITERION_SCORE, MAX_DOCUMENT_BYTES, type UserActor } from '@app/domain';
import { PlaceDto } from './dto/place.dto';
import {
  ApplicationDto,
  ApplicationQueryDto,
  DecideDto,
  DecisionDto,
  EvidenceDto,
  OpenApplicationDto,
  PlaceHistoryDto,
  ReasonDto,
  ReattachEvidenceDto,
  ReferentialDto,
  RenewalQueryDto,
  RenewalRemindersDto,
  SaveAnswersDto,
  SuspensionDto,
} from './dto/qualification.dto';
import { sendFile } from './file-reply';
import { PlacesService } from './places.service';
import { QualificationService } from './qualification.service';
import { RenewalRemindersService } from './renewal-reminders.service';

const READERS = ['place_agent', 'operator_admin', 'operator_reviewer'] as const;
const OPERATOR = ['operator_admin', 'operator_reviewer'] as const;

@ApiTags('qualification')
@Controller()
export class QualificationController {
  constructor(
    private readonly qualification: QualificationService,
    private readonly places: PlacesService,
    private readonly renewals: RenewalRemindersService,
  ) {}

  @Get('qualification/referential')
  @Public()
  @ApiOperation({
    summary: 'The current qualification referential: criteria, evidence expected, weights, pass threshold',
    description:
      'The criteria a place is scored on, with the evidence expected for each, their weights, the maximum score and the threshold to pass. Public, so that a place can prepare its application.',
  })
  @ApiOkResponse({ type: ReferentialDto })
  referential(): ReferentialDto {
    return { ...this.qualification.referential(), maxScore: MAX_CRITERION_SCORE };
  }

  @Get('qualification/referentials/:version')
  @Public()
  @ApiOperation({
    summary: 'A published version of the referential (every decision names its version)',
    description:
      'Earlier versions stay readable so that any decision can be checked against the referential it was made with. An unknown version is 404.',
  })
  @ApiOkResponse({ type: ReferentialDto })
  referentialVersion(@Param('version', new ParseIntPipe()) version: number): ReferentialDto {
    return { ...this.qualification.referential(version), maxScore: MAX_CRITERION_SCORE };
  }

  @Post('qualification/applications')
  @Roles('place_agent')
  @ApiOperation({
    summary:
      'Open an application for one of your places (one in progress at a time); for a place qualified before, a renewal (from the first reminder before the end), pre-filled',
    description:
      'Opens a draft application for the place. A place already qualified gets a renewal, its answers and evidence pre-filled from the last application; 409 when an application is already in progress.',
  })
  @ApiCreatedResponse({ type: ApplicationDto })
  async open(@CurrentActor() actor: AuthenticatedActor, @Body() body: OpenApplicationDto): Promise<ApplicationDto> {
    const application = await this.qualification.apply(actor, body.placeId);
    return this.applicationDto(actor, application.id);
  }

  @Get('qualification/applications')
  @Roles(...READERS)
  @ApiOperation({
    summary: "Applications: your places' as a place organisation, all of them for the operator (e.g. status=submitted)",
    description: "Optionally filtered by status (e.g. submitted for the reviewers' queue) or place, newest first.",
  })
  @ApiOkResponse({ type: [ApplicationDto] })
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ApplicationQueryDto): Promise<ApplicationDto[]> {
    return (await this.qualification.list(actor, query)).map((application) => ApplicationDto.from(application));
  }

  @Get('qualification/applications/:id')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'An application with its answers and evidence',
    description:
      "The application with its status, answers per criterion, evidence files, and for a renewal the qualification it renews. Another organisation's application is 404.",
  })
  @ApiOkResponse({ type: ApplicationDto })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApplicationDto> {
    return this.applicationDto(actor, id);
  }

  @Put('qualification/applications/:id/answers')
  @Roles('place_agent')
  @ApiOperation({
    summary: 'Save answers (criteria not sent keep their answer), while a draft or after changes were requested',
    description: 'Each answer is a text and links for one criterion of the referential. An application under review or decided is 409.',
  })
  @ApiOkResponse({ type: ApplicationDto })
  async answer(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SaveAnswersDto,
  ): Promise<ApplicationDto> {
    await this.qualification.answer(
      actor,
      id,
      // links: null passes @IsOptional; it means no links.
      Object.fromEntries(body.answers.map((answer) => [answer.criterionCode, { text: answer.text, links: answer.links ?? [] }])),
    );
    return this.applicationDto(actor, id);
  }

  @Post('qualification/applications/:id/evidence')
  @Roles('place_agent')
  @ApiOperation({
    summary: 'Attach a file to a criterion: PDF, PNG or JPEG body, 5 MB at most, checked by content',
    description:
      'Send the file itself as the body with its Content-Type, naming the criterion and the file name in the query. The file is decoded whole and refused if damaged or not what it claims to be.',
  })
  @AcceptsBody({ types: DOCUMENT_TYPES, maxBytes: MAX_DOCUMENT_BYTES })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'criterion', example: 'MEDIATEUR' })
  @ApiQuery({ name: 'fileName', example: 'attestation.pdf' })
  @ApiCreatedResponse({ type: EvidenceDto })
  async addEvidence(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('criterion') criterion: string | undefined,
    @Query('fileName') fileName: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<EvidenceDto> {
    const evidence = await this.qualification.addEvidence(
      actor,
      id,
      criterion ?? '',
      fileName ?? '',
      contentType?.split(';')[0].trim(),
      request.body,
    );
    return EvidenceDto.from(evidence);
  }

  @Post('qualification/applications/:id/reattach-evidence')
  @Roles('place_agent')
  @ApiOperation({
    summary: 'Attach again a file of an earlier application of the same place (renewal); the same file is attached once',
    description: 'For a renewal: reuses a file already sent with an earlier application of the same place instead of uploading it again.',
  })
  @ApiCreatedResponse({ type: EvidenceDto })
  async reattachEvidence(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReattachEvidenceDto,
  ): Promise<EvidenceDto> {
    return EvidenceDto.from(await this.qualification.reattachEvidence(actor, id, body.evidenceId));
  }

  @Get('qualification/renewals')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Renewal reminders: qualifications ending within the first reminder and those expired without renewal (yours, or all for the operator)',
    description:
      'For each qualification ending soon: the end date, the reminder step reached (90, 60, 30, 7 days) and whether a renewal is in progress; and the qualifications that lapsed.',
  })
  @ApiOkResponse({ type: RenewalRemindersDto })
  async renewalReminders(@CurrentActor() actor: AuthenticatedActor, @Query() query: RenewalQueryDto): Promise<RenewalRemindersDto> {
    return RenewalRemindersDto.from(await this.renewals.list(actor, query.placeId));
  }

  @Get('qualification/applications/:id/evidence/:evidenceId')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Download an evidence file',
    description: "The file as it was sent, with its media type, never cached. Only the place's organisation and the operator may read it.",
  })
  @ApiFileResponse('The file as it was sent', DOCUMENT_TYPES)
  async evidence(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('evidenceId', new ParseUUIDPipe()) evidenceId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendFile(reply, await this.qualification.evidenceFile(actor, id, evidenceId));
  }

  @Post('qualification/applications/:id/submit')
  @HttpCode(200)
  @Roles('place_agent')
  @ApiOperation({
    summary: 'Send the application to the reviewers (every criterion needs an answer)',
    description:
      "The application goes to the reviewers' queue and can no longer be edited until they decide or request changes. A missing answer is 409 naming the criteria.",
  })
  @ApiOkResponse({ type: ApplicationDto })
  async submit(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApplicationDto> {
    await this.qualification.submit(actor, id);
    return this.applicationDto(actor, id);
  }

  @Post('qualification/applications/:id/decision')
  @Roles('operator_reviewer')
  @ApiOperation({
    summary: 'Score every criterion and decide: qualified (only if the scores pass), changes requested, or rejected',
    description:
      "The reviewer scores every criterion with a motivation. `qualified` is refused when the total is below the threshold; a qualified place is published on the map and in the open data for the referential's duration.",
  })
  @ApiCreatedResponse({ type: DecisionDto })
  async decide(
    @CurrentUser() actor: UserActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DecideDto,
  ): Promise<DecisionDto> {
    return DecisionDto.from(await this.qualification.decide(actor, id, body));
  }

  @Get('places/:id/qualification-history')
  @Roles(...READERS)
  @ApiOperation({
    summary: "A place's decisions (with scores and motivations) and suspensions",
    description:
      'Every decision with its referential version, scores, motivations and reviewer, and every suspension and its lifting, newest first.',
  })
  @ApiOkResponse({ type: PlaceHistoryDto })
  async history(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceHistoryDto> {
    const { decisions, suspensions } = await this.qualification.history(actor, id);
    return {
      decisions: decisions.map((decision) => DecisionDto.from(decision)),
      suspensions: suspensions.map((suspension) => SuspensionDto.from(suspension)),
    };
  }

  @Post('places/:id/suspension')
  @HttpCode(200)
  @Roles(...OPERATOR)
  @ApiOperation({
    summary: 'Suspend a qualified place (off the map, cannot redeem) with a reason',
    description:
      'The place leaves the map and the open data and its cheques are refused until the suspension is lifted. The reason is recorded and published in the register.',
  })
  @ApiOkResponse({ type: PlaceDto })
  async suspend(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReasonDto): Promise<PlaceDto> {
    return this.placeDto(await this.qualification.suspend(actor, id, body.reason));
  }

  @Post('places/:id/suspension/lift')
  @HttpCode(200)
  @Roles(...OPERATOR)
  @ApiOperation({
    summary: 'Lift the suspension of a place, with a reason',
    description:
      'The place is back on the map and may redeem cheques again if its qualification still runs. The reason is recorded and published in the register.',
  })
  @ApiOkResponse({ type: PlaceDto })
  async lift(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReasonDto): Promise<PlaceDto> {
    return this.placeDto(await this.qualification.liftSuspension(actor, id, body.reason));
  }

  private async applicationDto(actor: AuthenticatedActor, id: string): Promise<ApplicationDto> {
    const { application, evidence, renewal } = await this.qualification.get(actor, id);
    return ApplicationDto.from(application, evidence, renewal);
  }

  private placeDto(place: Parameters<typeof PlaceDto.from>[0]): PlaceDto {
    return PlaceDto.from(place, this.places.today(), null);
  }
}
