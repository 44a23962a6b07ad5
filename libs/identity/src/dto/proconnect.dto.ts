import { ApiProperty } from '@nestjs/swagger';

export class ProConnectStatusDto {
  @ApiProperty({ description: 'Always true: when ProConnect is not configured, the route answers 404.', example: true })
  enabled!: boolean;

  @ApiProperty({
    description: 'The redirect URI to register with ProConnect.',
    example: 'https://pass-numerique.example/api/auth/proconnect/callback',
  })
  redirectUri!: string;

  @ApiProperty({
    description: 'The post-logout redirect URI to register with ProConnect.',
    example: 'https://pass-numerique.example/connexion',
  })
  postLogoutRedirectUri!: string;
}

export class ProConnectAuthorizationDto {
  @ApiProperty({
    description: "The provider's authorization URL (code flow, PKCE S256, state and nonce) the browser goes to.",
    example: 'https://auth.agentconnect.gouv.fr/api/v2/authorize?client_id=…&response_type=code&code_challenge_method=S256&…',
  })
  authorizationUrl!: string;
}

export class ProConnectLogoutDto {
  @ApiProperty({
    description:
      "The provider's end-session URL (id_token_hint, post_logout_redirect_uri) the browser goes to, so that the ProConnect session ends too; null when the session did not come from ProConnect or the provider advertises no end_session_endpoint.",
    type: String,
    nullable: true,
    example: 'https://auth.agentconnect.gouv.fr/api/v2/session/end?id_token_hint=…&post_logout_redirect_uri=…',
  })
  endSessionUrl!: string | null;
}
