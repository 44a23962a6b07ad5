/**
 * Sign-in with ProConnect (OpenID Connect, authorization code flow with PKCE, state and nonce) through
 * openid-client (docs/adr/0021-proconnect-openid-client-esm.md, docs/proconnect.md). A person is
 * matched to an existing, enabled user by a verified e-mail; signing in never creates a user nor
 * changes a role.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import * as oidc from 'openid-client';
import { DataSource, IsNull, Not } from 'typeorm';
import { AuditService } from '@app/audit';
import { type Clock, CLOCK, DomainError, normaliseEmail } from '@app/domain';
import { InvitationEntity } from '../entities/invitation.entity';
import { UserEntity } from '../entities/user.entity';
import { type ClientInfo, type SignedIn, SessionsService } from '../sessions.service';
import { PROCONNECT_FLOW_SECONDS, type ProConnectFlow, ProConnectFlowSealer } from './proconnect-flow-cookie';

/** Only what matching needs: the e-mail (data minimisation; ProConnect offers names, SIRET… we do not ask). */
const SCOPE = 'openid email';

/** Why a return from ProConnect opened no session; each has its French message on the sign-in page. */
export const PROCONNECT_REFUSALS = ['unknown', 'unverified', 'disabled', 'failed'] as const;
export type ProConnectRefusal = (typeof PROCONNECT_REFUSALS)[number];

export type ProConnectOutcome = { signedIn: SignedIn; idToken: string } | { refused: ProConnectRefusal };

interface ProConnectSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
}

@Injectable()
export class ProConnectService {
  private readonly logger = new Logger(ProConnectService.name);
  private readonly settings: ProConnectSettings | null;
  private readonly sealer: ProConnectFlowSealer | null;
  private readonly publicUrl: string;
  // Discovered once; forgotten on failure so that a provider down at one moment is asked again later.
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    config: ConfigService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const issuer = config.get<string>('PROCONNECT_ISSUER');
    const clientId = config.get<string>('PROCONNECT_CLIENT_ID');
    const clientSecret = config.get<string>('PROCONNECT_CLIENT_SECRET');
    this.settings = issuer && clientId && clientSecret ? { issuer: new URL(issuer), clientId, clientSecret } : null;
    this.sealer = clientSecret ? new ProConnectFlowSealer(clientSecret) : null;
    this.publicUrl = config.getOrThrow<string>('PUBLIC_URL').replace(/\/+$/, '');
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  /** Where the provider sends the browser back: to register with ProConnect as is. */
  get redirectUri(): string {
    return `${this.publicUrl}/api/auth/proconnect/callback`;
  }

  /** Where the provider sends the browser after its own logout: to register with ProConnect too. */
  get postLogoutRedirectUri(): string {
    return `${this.publicUrl}/connexion`;
  }

  /** Off (no configuration): every ProConnect route answers 404, as if it did not exist. */
  assertEnabled(): void {
    if (!this.enabled) throw DomainError.notFound('ProConnect sign-in');
  }

  /** The provider's authorization URL and the sealed flow the browser keeps until it comes back. */
  async start(): Promise<{ authorizationUrl: string; sealedFlow: string }> {
    const configuration = await this.configuration();
    const flow: ProConnectFlow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      expiresAt: this.clock.now().getTime() + PROCONNECT_FLOW_SECONDS * 1000,
    };
    const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { authorizationUrl: authorizationUrl.href, sealedFlow: this.sealer!.seal(flow) };
  }

  /**
   * The browser's return: checks state (against the browser's cookie), code (with the PKCE verifier),
   * the id_token's signature, issuer, audience and nonce, then matches the person to a user. Any
   * failure of the protocol is one refusal ("failed"), logged with its cause for the operator.
   */
  async finish(query: string, sealedFlow: string | undefined, client: ClientInfo): Promise<ProConnectOutcome> {
    const flow = this.sealer?.open(sealedFlow, this.clock.now());
    if (!flow) return { refused: 'failed' };
    let email: string;
    let emailVerified: boolean;
    let idToken: string;
    try {
      const configuration = await this.configuration();
      const tokens = await oidc.authorizationCodeGrant(configuration, new URL(`${this.redirectUri}${query}`), {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      // ProConnect gives the e-mail in userinfo (a signed JWT there); the id_token's own claims come first.
      const userinfo = claims.email ? claims : await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      email = typeof userinfo.email === 'string' ? userinfo.email : '';
      emailVerified = userinfo.email_verified === true;
      idToken = tokens.id_token!;
    } catch (error) {
      this.logger.warn(`ProConnect return refused: ${error instanceof Error ? error.message : String(error)}`);
      return { refused: 'failed' };
    }
    const user = email ? await this.dataSource.getRepository(UserEntity).findOne({ where: { email: normaliseEmail(email) } }) : null;
    if (!user) return { refused: 'unknown' };
    const refusal: ProConnectRefusal | null = user.disabledAt
      ? 'disabled'
      : emailVerified || (await this.acceptedInvitation(user))
        ? null
        : 'unverified';
    if (refusal) {
      await this.dataSource.transaction((manager) =>
        this.audit.record(
          manager,
          { kind: 'anonymous', requestId: client.requestId },
          {
            action: 'user.login_failed',
            objectType: 'user',
            objectId: user.id,
            changes: { ipAddress: client.ipAddress, method: 'proconnect', reason: refusal },
          },
        ),
      );
      return { refused: refusal };
    }
    return { signedIn: await this.sessions.signInVerified(user, client, 'proconnect'), idToken };
  }

  /**
   * The provider's end-session URL (RP-initiated logout) for this id_token, or null when the provider
   * advertises none, ProConnect is unreachable, or the session did not come from ProConnect.
   */
  async endSessionUrl(idToken: string | undefined): Promise<string | null> {
    if (!idToken || !this.enabled) return null;
    try {
      const configuration = await this.configuration();
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(configuration, { id_token_hint: idToken, post_logout_redirect_uri: this.postLogoutRedirectUri }).href;
    } catch (error) {
      this.logger.warn(`ProConnect logout URL unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /** An invitation the user accepted at this very e-mail: the platform itself proved the address. */
  private async acceptedInvitation(user: UserEntity): Promise<boolean> {
    const invitation = await this.dataSource
      .getRepository(InvitationEntity)
      .findOne({ where: { acceptedUserId: user.id, acceptedAt: Not(IsNull()) } });
    return invitation !== null && normaliseEmail(invitation.email) === user.email;
  }

  private configuration(): Promise<oidc.Configuration> {
    this.assertEnabled();
    const { issuer, clientId, clientSecret } = this.settings!;
    // openid-client trusts TLS for the token endpoint's id_token by default; we check its signature against
    // the provider's keys all the same (and a signed userinfo's). http only for a provider on this machine
    // (tests, development): production requires https (environment.ts).
    const execute = [oidc.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [])];
    this.discovered ??= oidc
      .discovery(issuer, clientId, clientSecret, oidc.ClientSecretPost(clientSecret), { execute })
      .catch((error: unknown) => {
        this.discovered = null;
        throw new DomainError('service_unavailable', 'ProConnect cannot be reached right now: try again in a moment', {
          cause: error instanceof Error ? error.message : String(error),
        });
      });
    return this.discovered;
  }
}
