import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '@app/access';
import { DomainError, type UserActor } from '@app/domain';
import { DEVICE_COOKIE } from './device-cookie';
import { ChangePasswordDto, ChoosePasswordDto, PasswordLinkDto, PasswordResetRequestDto } from './dto/password.dto';
import { PasswordsService } from './passwords.service';

// newSecret(): 32 bytes in base64url.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function checkedToken(token: string): string {
  if (!TOKEN_PATTERN.test(token)) throw new DomainError('not_found', 'This password link is unknown, already used or expired');
  return token;
}

@ApiTags('auth')
@Controller('auth')
export class PasswordsController {
  constructor(private readonly passwords: PasswordsService) {}

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Forgotten password: e-mails a single-use link valid one hour, if an active account has this e-mail',
    description:
      'The answer is the same whether or not an account has the e-mail. Requests are counted per e-mail typed and per address over an hour.',
  })
  @ApiAcceptedResponse({ description: 'Accepted (whatever the e-mail)' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests for this e-mail or from this address' })
  async requestReset(
    @Body() body: PasswordResetRequestDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const admission = await this.passwords.requestReset(body.email, request.ip, String(request.id));
    if (!admission.allowed) {
      void reply.header('retry-after', String(admission.retryAfterSeconds));
      throw new DomainError('too_many_requests', 'Too many requests: wait a little before trying again', {
        retryAfterSeconds: admission.retryAfterSeconds,
      });
    }
  }

  @Get('password-reset/:token')
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'What a password link is for (account), if still usable; 404 otherwise',
    description:
      'Lets the page behind a password link say whose password is being chosen before anything is sent. An unknown, used or expired link is 404 not_found.',
  })
  @ApiOkResponse({ type: PasswordLinkDto })
  async describe(@Param('token') token: string): Promise<PasswordLinkDto> {
    return this.passwords.describeToken(checkedToken(token));
  }

  @Post('password-reset/:token')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Choose a password with a single-use link; ends every session of the account',
    description:
      'Sets the new password (checked against the password policy: 400 validation_failed naming `password`), uses up the link and signs the account out everywhere.',
  })
  @ApiNoContentResponse()
  async choose(@Param('token') token: string, @Body() body: ChoosePasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.passwords.setWithToken(checkedToken(token), body.password, String(request.id));
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your password (the current one is required); your other sessions end',
    description:
      'A wrong current password is 401 invalid_credentials and counts as a failed attempt; the new one must meet the password policy. The session of this request stays open.',
  })
  @ApiNoContentResponse()
  async change(@CurrentUser() user: UserActor, @Body() body: ChangePasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.passwords.change(
      user,
      body.currentPassword,
      body.newPassword,
      request.ip ?? null,
      request.cookies?.[DEVICE_COOKIE] || undefined,
    );
  }
}
