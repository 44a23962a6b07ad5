import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public, RequestActor } from '@app/access';
import type { Actor } from '@app/domain';
import { UserDto, AcceptInvitationDto, InvitationDescriptionDto } from './dto/user.dto';
import { InvitationsService } from './invitations.service';

/** The public side of invitations: the person opening the link has no account yet. */
@ApiTags('invitations')
@Controller('invitations')
@Public()
@UseGuards(ThrottlerGuard)
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get(':token')
  @ApiOperation({
    summary: 'What an invitation link is for (organisation, role, email), if still usable',
    description:
      'Lets the invitation page show what the person is invited to before they choose a password. An unknown, used or expired link is 404 invitation_invalid.',
  })
  @ApiOkResponse({ type: InvitationDescriptionDto })
  async describe(@Param('token') token: string): Promise<InvitationDescriptionDto> {
    const { invitation, organisation } = await this.invitations.describe(token);
    return InvitationDescriptionDto.from(invitation, organisation);
  }

  @Post(':token/accept')
  @ApiOperation({
    summary: 'Create your account from an invitation (single use)',
    description:
      "Creates the person's account in the inviting organisation with the invited role and the password chosen (password policy applies), and uses up the link.",
  })
  @ApiCreatedResponse({ type: UserDto })
  async accept(@Param('token') token: string, @Body() body: AcceptInvitationDto, @RequestActor() actor: Actor): Promise<UserDto> {
    return UserDto.from(await this.invitations.accept(actor, token, body));
  }
}
