import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '@app/access';
import type { UserActor } from '@app/domain';
import { clientInfo } from './client-info';
import { LoginDto, MeDto, SessionDto } from './dto/auth.dto';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@ApiCookieAuth()
@Controller('auth')
export class AuthController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly sessions: SessionsService,
    config: ConfigService,
  ) {
    this.secureCookie = config.getOrThrow<string>('NODE_ENV') === 'production';
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Sign in with email and password; sets the HttpOnly session cookie' })
  @ApiOkResponse({ type: MeDto })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this account or from this address' })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeDto> {
    const signedIn = await this.sessions.login(body.email, body.password, clientInfo(request));
    const { createdAt, expiresAt } = signedIn.session;
    const lifetimeSeconds = Math.floor((expiresAt.getTime() - createdAt.getTime()) / 1000);
    reply.setCookie(SESSION_COOKIE, signedIn.secret, sessionCookieOptions(this.secureCookie, lifetimeSeconds));
    return MeDto.from(signedIn.user, signedIn.organisation, signedIn.session);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the current session and clears the cookie' })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: UserActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.revokeOwn(user, user.sessionId, 'user.logged_out');
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.secureCookie));
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user, their organisation and session' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() user: UserActor): Promise<MeDto> {
    const current = await this.sessions.current(user);
    return MeDto.from(current.user, current.organisation, current.session);
  }

  @Get('sessions')
  @ApiOperation({ summary: "The signed-in user's live sessions (browsers), the current one flagged" })
  @ApiOkResponse({ type: [SessionDto] })
  async listSessions(@CurrentUser() user: UserActor): Promise<SessionDto[]> {
    const sessions = await this.sessions.listOwn(user);
    return sessions.map((session) => SessionDto.from(session, user.sessionId));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of your sessions (e.g. a forgotten public computer)' })
  @ApiNoContentResponse()
  async endSession(@CurrentUser() user: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.sessions.revokeOwn(user, id);
  }
}
