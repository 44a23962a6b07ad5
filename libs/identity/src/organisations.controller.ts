import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, CurrentUser, Roles, Scopes } from '@app/access';
import type { AuthenticatedActor, UserActor } from '@app/domain';
import { CreateOrganisationDto, OrganisationDto, OrganisationQueryDto } from './dto/organisation.dto';
import { CreateInvitationDto, InvitationCreatedDto } from './dto/user.dto';
import { InvitationsService } from './invitations.service';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly invitations: InvitationsService,
  ) {}

  @Post()
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Create an organisation (operator admins)',
    description:
      'Creates an organisation of one of the four kinds (operator, funder, distributor, place); its people are then invited with POST /api/organisations/{id}/invitations. Recorded in the audit trail.',
  })
  @ApiCreatedResponse({ type: OrganisationDto })
  async create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.organisations.create(actor, body));
  }

  @Get()
  @Scopes('organisation:read')
  @ApiOperation({
    summary: 'Organisations: all of them for the operator, your own for everybody else',
    description:
      'Optionally filtered by kind (operator, funder, distributor, place). Other organisations than your own are visible to the operator only.',
  })
  @ApiOkResponse({ type: [OrganisationDto] })
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: OrganisationQueryDto): Promise<OrganisationDto[]> {
    const organisations = await this.organisations.list(actor, query.kind);
    return organisations.map((organisation) => OrganisationDto.from(organisation));
  }

  @Get(':id')
  @Scopes('organisation:read')
  @ApiOperation({
    summary: 'One organisation (404 if it is not yours, unless you are the operator)',
    description: 'The organisation with its kind and identifiers. Another organisation than yours is 404 unless you are the operator.',
  })
  @ApiOkResponse({ type: OrganisationDto })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.organisations.get(actor, id));
  }

  @Post(':id/invitations')
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Invite a person into an organisation with a role; answers the single-use link (operator admins)',
    description:
      "Creates a single-use link valid for a limited time, e-mailed to the person, for a role that fits the organisation's kind. The link is also in the answer so that it can be passed on by hand.",
  })
  @ApiCreatedResponse({ type: InvitationCreatedDto })
  async invite(
    @CurrentUser() actor: UserActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateInvitationDto,
  ): Promise<InvitationCreatedDto> {
    const created = await this.invitations.create(actor, id, body);
    return {
      id: created.invitation.id,
      email: created.invitation.email,
      role: created.invitation.role,
      expiresAt: created.invitation.expiresAt.toISOString(),
      invitationUrl: created.url,
    };
  }
}
