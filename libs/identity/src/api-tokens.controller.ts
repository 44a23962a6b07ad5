import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@app/access';
import type { UserActor } from '@app/domain';
import { ApiTokensService } from './api-tokens.service';
import { ApiTokenCreatedDto, ApiTokenDto, CreateApiTokenDto } from './dto/api-token.dto';

const MANAGERS = ['operator_admin', 'funder_manager', 'distributor_agent', 'place_agent'] as const;

@ApiTags('api-tokens')
@Controller('api-tokens')
@Roles(...MANAGERS)
export class ApiTokensController {
  constructor(private readonly apiTokens: ApiTokensService) {}

  @Post()
  @ApiOperation({
    summary: "Create an API token for your organisation's software; the token is shown only in this answer",
    description:
      "The scopes must be ones your organisation's kind may hold (400 validation_failed otherwise). Store the `token` at once: only its hash is kept.",
  })
  @ApiCreatedResponse({ type: ApiTokenCreatedDto })
  async create(@CurrentUser() actor: UserActor, @Body() body: CreateApiTokenDto): Promise<ApiTokenCreatedDto> {
    const created = await this.apiTokens.create(actor, body);
    return { ...ApiTokenDto.from(created.token), token: created.secret };
  }

  @Get()
  @ApiOperation({
    summary: "Your organisation's API tokens (never the secret)",
    description:
      'Every token of your organisation with its name, prefix, scopes, creation, expiry, last use and revocation; the secret itself is never shown again.',
  })
  @ApiOkResponse({ type: [ApiTokenDto] })
  async list(@CurrentUser() actor: UserActor): Promise<ApiTokenDto[]> {
    return (await this.apiTokens.list(actor)).map((token) => ApiTokenDto.from(token));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Revoke a token: it stops working at once',
    description: 'The next request made with the token is 401. Revoking is recorded in the audit trail; the token stays listed as revoked.',
  })
  @ApiOkResponse({ type: ApiTokenDto })
  async revoke(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApiTokenDto> {
    return ApiTokenDto.from(await this.apiTokens.revoke(actor, id));
  }
}
