import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '@app/access';
import { DomainError, type UserActor } from '@app/domain';
import { clientInfo } from './client-info';
import { DEVICE_COOKIE, deviceCookieOptions } from './device-cookie';
import { LoginDto, MeDto, SessionDto } from './dto/auth.dto';
import { LoginThrottleService } from './login-throttle.service';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly sessions: SessionsService,
    private readonly loginThrottle: LoginThrottleService,
    config: ConfigService,
  ) {
    this.secureCookie = config.getOrThrow<string>('NODE_ENV') === 'production';
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with email and password; sets the HttpOnly session cookie and the device cookie',
    description:
      'Failed attempts are counted per address, per account and address, and per account; a browser that already ' +
      'signed in to the account (device cookie) is counted on its own, so it can sign in while the account is ' +
      'locked for everyone else. Over a limit, the answer is 429 whatever the password.',
  })
  @ApiOkResponse({ type: MeDto })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed attempts for this account or from this address (answered whatever the password)',
    headers: { 'Retry-After': { description: 'Seconds until the attempt may be made again', schema: { type: 'integer', minimum: 1 } } },
  })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeDto> {
    const deviceSecret = request.cookies?.[DEVICE_COOKIE] || undefined;
    const admission = await this.loginThrottle.admit({ email: body.email, address: request.ip, deviceSecret });
    if (!admission.allowed) {
      void reply.header('retry-after', String(admission.retryAfterSeconds));
      throw new DomainError('too_many_requests', 'Too many attempts: wait a little before trying again', {
        retryAfterSeconds: admission.retryAfterSeconds,
      });
    }
    // A wrong password throws here: the attempt stays counted as a failure.
    const signedIn = await this.sessions.login(body.email, body.password, clientInfo(request));
    await this.loginThrottle.giveBack(admission.reservation);
    const { createdAt, expiresAt } = signedIn.session;
    const lifetimeSeconds = Math.floor((expiresAt.getTime() - createdAt.getTime()) / 1000);
    reply.setCookie(SESSION_COOKIE, signedIn.secret, sessionCookieOptions(this.secureCookie, lifetimeSeconds));
    const device = await this.loginThrottle.rememberDevice(signedIn.user.id, deviceSecret);
    reply.setCookie(DEVICE_COOKIE, device.secret, deviceCookieOptions(this.secureCookie, device.maxAgeSeconds));
    return MeDto.from(signedIn.user, signedIn.organisation, signedIn.session);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out: ends the current session and clears the cookie',
    description:
      'Ends the session of the cookie sent and clears the cookie; the other sessions of the person stay open. Recorded in the audit trail.',
  })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: UserActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.revokeOwn(user, user.sessionId, 'user.logged_out');
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.secureCookie));
  }

  @Get('me')
  @ApiOperation({
    summary: 'The signed-in user, their organisation and session',
    description:
      'Who the session cookie belongs to: the person, their role, their organisation and when the session ends. The web app calls it at start to know whom it serves.',
  })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() user: UserActor): Promise<MeDto> {
    const current = await this.sessions.current(user);
    return MeDto.from(current.user, current.organisation, current.session);
  }

  @Get('sessions')
  @ApiOperation({
    summary: "The signed-in user's live sessions (browsers), the current one flagged",
    description:
      'One entry per browser signed in to the account: when it signed in, was last active and ends, its browser and address; the session of this request is flagged `current`.',
  })
  @ApiOkResponse({ type: [SessionDto] })
  async listSessions(@CurrentUser() user: UserActor): Promise<SessionDto[]> {
    const sessions = await this.sessions.listOwn(user);
    return sessions.map((session) => SessionDto.from(session, user.sessionId));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End one of your sessions (e.g. a forgotten public computer)',
    description: 'Signs out another browser of yours at once. A session of someone else is 404, as if it did not exist.',
  })
  @ApiNoContentResponse()
  async endSession(@CurrentUser() user: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.sessions.revokeOwn(user, id);
  }
}
