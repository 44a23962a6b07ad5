import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Scopes } from '@app/access';
import type { AuthenticatedActor } from '@app/domain';
import { UserDto, UserQueryDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Scopes('users:read')
  @ApiOperation({
    summary: "Users of your organisation (the operator sees everyone's, filterable by organisation)",
    description:
      'People with their role and status, never their password. The operator may filter by organisationId; everybody else sees their own organisation only.',
  })
  @ApiOkResponse({ type: [UserDto] })
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: UserQueryDto): Promise<UserDto[]> {
    const users = await this.users.list(actor, query.organisationId);
    return users.map((user) => UserDto.from(user));
  }

  @Get(':id')
  @Scopes('users:read')
  @ApiOperation({
    summary: 'One user (404 if not of your organisation, unless you are the operator)',
    description:
      'The person with their role, organisation and status; a person of another organisation is 404 unless you are the operator.',
  })
  @ApiOkResponse({ type: UserDto })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.get(actor, id));
  }
}
