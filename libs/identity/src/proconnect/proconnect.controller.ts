import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '@app/access';
import type { UserActor } from '@app/domain';
import { clientInfo } from '../client-info';
import { ProConnectAuthorizationDto, ProConnectLogoutDto, ProConnectStatusDto } from '../dto/proconnect.dto';
import { SESSION_COOKIE, sessionCookieOptions } from '../session-cookie';
import { SessionsService } from '../sessions.service';
import {
  PROCONNECT_FLOW_COOKIE,
  PROCONNECT_FLOW_SECONDS,
  PROCONNECT_ID_TOKEN_COOKIE,
  proconnectCookieOptions,
} from './proconnect-flow-cookie';
import { ProConnectService } from './proconnect.service';

@ApiTags('auth')
@Controller('auth/proconnect')
export class ProConnectController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly proconnect: ProConnectService,
    private readonly sessions: SessionsService,
    config: ConfigService,
  ) {
    this.secureCookie = config.getOrThrow<string>('NODE_ENV') === 'production';
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Whether « Se connecter avec ProConnect » is offered, and the URIs to register with ProConnect',
    description:
      'Answers 404 when PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID and PROCONNECT_CLIENT_SECRET are not set: the sign-in page then shows no ProConnect button.',
  })
  @ApiOkResponse({ type: ProConnectStatusDto })
  status(): ProConnectStatusDto {
    this.proconnect.assertEnabled();
    return { enabled: true, redirectUri: this.proconnect.redirectUri, postLogoutRedirectUri: this.proconnect.postLogoutRedirectUri };
  }

  @Post('authorization')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a ProConnect sign-in: the URL to send the browser to',
    description:
      'Draws a state, a nonce and a PKCE verifier and keeps them in a signed, HttpOnly cookie of ten minutes scoped to the ProConnect routes: ' +
      'the return is accepted only in the browser that started it (no login CSRF). A POST, so that the Origin check applies. 404 when ProConnect is off; 503 when the provider cannot be reached.',
  })
  @ApiOkResponse({ type: ProConnectAuthorizationDto })
  async authorization(@Res({ passthrough: true }) reply: FastifyReply): Promise<ProConnectAuthorizationDto> {
    const { authorizationUrl, sealedFlow } = await this.proconnect.start();
    reply.setCookie(PROCONNECT_FLOW_COOKIE, sealedFlow, proconnectCookieOptions(this.secureCookie, PROCONNECT_FLOW_SECONDS));
    return { authorizationUrl };
  }

  @Get('callback')
  @Public()
  @ApiOperation({
    summary: "ProConnect's return (redirect URI): opens a session and sends the browser to the platform",
    description:
      'Checks the state against the browser’s cookie, redeems the code with the PKCE verifier, checks the id_token (signature, issuer, audience, nonce) and matches the person ' +
      'to an existing, enabled user by a verified e-mail (email_verified, or an invitation they accepted). Never creates a user nor changes a role. ' +
      'Answers 303 to / with the session cookie, or 303 to /connexion?proconnect=unknown|unverified|disabled|failed, where the page says why in French. 404 when ProConnect is off.',
  })
  @ApiQuery({ name: 'code', required: false, description: 'The authorization code.', schema: { type: 'string' } })
  @ApiQuery({ name: 'state', required: false, description: 'The state drawn at the start.', schema: { type: 'string' } })
  @ApiQuery({ name: 'error', required: false, description: 'The provider’s error (e.g. access_denied).', schema: { type: 'string' } })
  @ApiResponse({
    status: 303,
    description: 'To the platform (signed in) or to the sign-in page with the reason of the refusal.',
    headers: { Location: { description: '/ or /connexion?proconnect=<reason>', schema: { type: 'string' } } },
  })
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.proconnect.assertEnabled();
    const queryStart = request.url.indexOf('?');
    const query = queryStart >= 0 ? request.url.slice(queryStart) : '';
    const outcome = await this.proconnect.finish(query, request.cookies?.[PROCONNECT_FLOW_COOKIE], clientInfo(request));
    // Single use: whatever the outcome, this browser's flow is spent.
    reply.clearCookie(PROCONNECT_FLOW_COOKIE, proconnectCookieOptions(this.secureCookie));
    if ('refused' in outcome) {
      await reply.redirect(`/connexion?proconnect=${outcome.refused}`, 303);
      return;
    }
    const { session, secret } = outcome.signedIn;
    const lifetimeSeconds = Math.floor((session.expiresAt.getTime() - session.createdAt.getTime()) / 1000);
    reply.setCookie(SESSION_COOKIE, secret, sessionCookieOptions(this.secureCookie, lifetimeSeconds));
    reply.setCookie(PROCONNECT_ID_TOKEN_COOKIE, outcome.idToken, proconnectCookieOptions(this.secureCookie, lifetimeSeconds));
    await reply.redirect('/', 303);
  }

  @Post('logout')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign out here and at ProConnect: ends the session and gives the provider’s end-session URL',
    description:
      'Ends the current session like POST /api/auth/logout and clears the cookies; when the session came from ProConnect and the provider advertises an end_session_endpoint, ' +
      'answers the URL (id_token_hint, post_logout_redirect_uri) the browser must go to so that the ProConnect session ends too. 404 when ProConnect is off.',
  })
  @ApiOkResponse({ type: ProConnectLogoutDto })
  async logout(
    @CurrentUser() user: UserActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProConnectLogoutDto> {
    this.proconnect.assertEnabled();
    await this.sessions.revokeOwn(user, user.sessionId, 'user.logged_out');
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.secureCookie));
    reply.clearCookie(PROCONNECT_ID_TOKEN_COOKIE, proconnectCookieOptions(this.secureCookie));
    return { endSessionUrl: await this.proconnect.endSessionUrl(request.cookies?.[PROCONNECT_ID_TOKEN_COOKIE]) };
  }
}
