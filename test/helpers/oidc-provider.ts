/**
 * A real OpenID provider for tests (oidc-provider, in this process, on a free port): one client (the
 * platform), accounts with an e-mail given in a signed userinfo (as ProConnect does), RP-initiated logout. Its login and consent are answered
 * programmatically for the account the test chose (`signInAs`), as a person would at ProConnect.
 * `forgeNextIdToken` replaces the next id_token it issues with one re-signed by another key under
 * the same key id, as an attacker would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

export interface TestOidcAccount {
  email: string;
  emailVerified: boolean;
}

export interface TestOidcProvider {
  /** http://127.0.0.1:<port>: what PROCONNECT_ISSUER is set to. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the next login interaction signs in (the person typing their credentials at the provider). */
  signInAs(accountId: string): void;
  forgeNextIdToken(): void;
  /** How many userinfo answers it sent as a signed JWT. */
  readonly signedUserinfoAnswers: number;
  close(): Promise<void>;
}

export async function startOidcProvider(options: {
  redirectUri: string;
  postLogoutRedirectUri: string;
  accounts: Record<string, TestOidcAccount>;
}): Promise<TestOidcProvider> {
  const clientId = 'pass-numerique-test';
  const clientSecret = 'a-client-secret-for-the-tests-only';
  let nextAccount: string | null = null;
  let forge = false;
  let signedUserinfoAnswers = 0;
  let provider: Provider | null = null;

  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      answerInteraction(req, res).catch((error: Error) => {
        res.statusCode = 500;
        res.end(error.message);
      });
      return;
    }
    void provider!.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        token_endpoint_auth_method: 'client_secret_post',
        // Like ProConnect: userinfo answered as a signed JWT.
        userinfo_signed_response_alg: 'RS256',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['test-cookie-key-of-the-oidc-provider'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    scopes: ['openid', 'email'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true }, jwtUserinfo: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = options.accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, email: account.email, email_verified: account.emailVerified }) };
    },
  };
  provider = new Provider(issuer, configuration);
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/me' && ctx.type === 'application/jwt') signedUserinfoAnswers += 1;
    const body = ctx.body as { id_token?: string } | undefined;
    if (forge && ctx.path === '/token' && body?.id_token) {
      forge = false;
      ctx.body = { ...body, id_token: await forgedCopy(body.id_token) };
    }
  });

  /** Login, then consent: each answered at once for the chosen account. */
  async function answerInteraction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider!.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!nextAccount) throw new Error('signInAs(accountId) first: no one to sign in at the provider');
      await provider!.interactionFinished(req, res, { login: { accountId: nextAccount } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new provider!.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
    grant.addOIDCScope(String(details.params.scope));
    await provider!.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (accountId) => {
      nextAccount = accountId;
    },
    forgeNextIdToken: () => {
      forge = true;
    },
    get signedUserinfoAnswers() {
      return signedUserinfoAnswers;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The variables that point the platform at this provider. */
export function proconnectEnv(provider: TestOidcProvider): Record<string, string> {
  return { PROCONNECT_ISSUER: provider.issuer, PROCONNECT_CLIENT_ID: provider.clientId, PROCONNECT_CLIENT_SECRET: provider.clientSecret };
}

/** The same claims and key id, signed with a key the provider never published. */
async function forgedCopy(idToken: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const header = decodeProtectedHeader(idToken);
  return new SignJWT(decodeJwt(idToken)).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(privateKey);
}
