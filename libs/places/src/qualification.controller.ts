import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsBody, CurrentActor, CurrentUser, Public, Roles } from '@app/access';
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
  @ApiOperation({ summary: 'The current qualification referential: criteria, evidence expected, weights, pass threshold' })
  @ApiOkResponse({ type: ReferentialDto })
  referential(): ReferentialDto {
    return { ...this.qualification.referential(), maxScore: MAX_CRITERION_SCORE };
  }

  @Get('qualification/referentials/:version')
  @Public()
  @ApiOperation({ summary: 'A published version of the referential (every decision names its version)' })
  @ApiOkResponse({ type: ReferentialDto })
  referentialVersion(@Param('version', new ParseIntPipe()) version: number): ReferentialDto {
    return { ...this.qualification.referential(version), maxScore: MAX_CRITERION_SCORE };
  }

  @Post('qualification/applications')
  @Roles('place_agent')
  @ApiOperation({
    summary:
      'Open an application for one of your places (one in progress at a time); for a place qualified before, a renewal (from the first reminder before the end), pre-filled',
  })
  @ApiCreatedResponse({ type: ApplicationDto })
  async open(@CurrentActor() actor: AuthenticatedActor, @Body() body: OpenApplicationDto): Promise<ApplicationDto> {
    const application = await this.qualification.apply(actor, body.placeId);
    return this.applicationDto(actor, application.id);
  }

  @Get('qualification/applications')
  @Roles(...READERS)
  @ApiOperation({ summary: "Applications: your places' as a place organisation, all of them for the operator (e.g. status=submitted)" })
  @ApiOkResponse({ type: [ApplicationDto] })
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ApplicationQueryDto): Promise<ApplicationDto[]> {
    return (await this.qualification.list(actor, query)).map((application) => ApplicationDto.from(application));
  }

  @Get('qualification/applications/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'An application with its answers and evidence' })
  @ApiOkResponse({ type: ApplicationDto })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApplicationDto> {
    return this.applicationDto(actor, id);
  }

  @Put('qualification/applications/:id/answers')
  @Roles('place_agent')
  @ApiOperation({ summary: 'Save answers (criteria not sent keep their answer), while a draft or after changes were requested' })
  @ApiOkResponse({ type: ApplicationDto })
  async answer(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SaveAnswersDto,
  ): Promise<ApplicationDto> {
    await this.qualification.answer(
      actor,
      id,
      Object.fromEntries(body.answers.map((answer) => [answer.criterionCode, { text: answer.text, links: answer.links }])),
    );
    return this.applicationDto(actor, id);
  }

  @Post('qualification/applications/:id/evidence')
  @Roles('place_agent')
  @ApiOperation({ summary: 'Attach a file to a criterion: PDF, PNG or JPEG body, 5 MB at most, checked by content' })
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
  @ApiOperation({ summary: 'Attach again a file of an earlier application of the same place (renewal); the same file is attached once' })
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
  })
  @ApiOkResponse({ type: RenewalRemindersDto })
  async renewalReminders(@CurrentActor() actor: AuthenticatedActor, @Query() query: RenewalQueryDto): Promise<RenewalRemindersDto> {
    return RenewalRemindersDto.from(await this.renewals.list(actor, query.placeId));
  }

  @Get('qualification/applications/:id/evidence/:evidenceId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Download an evidence file' })
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
  @ApiOperation({ summary: 'Send the application to the reviewers (every criterion needs an answer)' })
  @ApiOkResponse({ type: ApplicationDto })
  async submit(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApplicationDto> {
    await this.qualification.submit(actor, id);
    return this.applicationDto(actor, id);
  }

  @Post('qualification/applications/:id/decision')
  @Roles('operator_reviewer')
  @ApiOperation({ summary: 'Score every criterion and decide: qualified (only if the scores pass), changes requested, or rejected' })
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
  @ApiOperation({ summary: "A place's decisions (with scores and motivations) and suspensions" })
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
  @ApiOperation({ summary: 'Suspend a qualified place (off the map, cannot redeem) with a reason' })
  @ApiOkResponse({ type: PlaceDto })
  async suspend(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReasonDto): Promise<PlaceDto> {
    return this.placeDto(await this.qualification.suspend(actor, id, body.reason));
  }

  @Post('places/:id/suspension/lift')
  @HttpCode(200)
  @Roles(...OPERATOR)
  @ApiOperation({ summary: 'Lift the suspension of a place, with a reason' })
  @ApiOkResponse({ type: PlaceDto })
  async lift(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReasonDto): Promise<PlaceDto> {
    return this.placeDto(await this.qualification.liftSuspension(actor, id, body.reason));
  }

  private async applicationDto(actor: AuthenticatedActor, id: string): Promise<ApplicationDto> {
    const { application, evidence, renewal } = await this.qualification.get(actor, id);
    return ApplicationDto.from(application, evidence, renewal);
  }

  private placeDto(place: Parameters<typeof PlaceDto.from>[0]): PlaceDto {
    return PlaceDto.from(place, this.places.today(), null, null);
  }
}
