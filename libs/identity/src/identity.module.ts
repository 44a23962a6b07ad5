import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from '@app/audit';
import { AccessGuard } from './access.guard';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { LoginThrottleService } from './login-throttle.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';
import { PasswordsController } from './passwords.controller';
import { PasswordsService } from './passwords.service';
import { PasswordHasher } from './password-hasher';
import { ProConnectController } from './proconnect/proconnect.controller';
import { ProConnectService } from './proconnect/proconnect.service';
import { SessionsService } from './sessions.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/**
 * In-memory rate limits of the routes guarded by ThrottlerGuard (invitations, cheque checks, feedback,
 * verifications): counted in each process's memory, so with several API instances each applies the
 * limit on its own. Login is not among them: its failures are counted in PostgreSQL (LoginThrottleService).
 */
const throttling = ThrottlerModule.forRoot({
  errorMessage: 'Too many attempts: wait a little before trying again',
  throttlers: [
    // Routes without a limit of their own (the invitation links) get this one.
    { name: 'per-ip', ttl: 60_000, limit: 30 },
    {
      // Per signed-in agent (e.g. cheque verifications); generous by default, routes set their own limit.
      name: 'per-agent',
      ttl: 60_000,
      limit: 1_000,
      getTracker: (request: Record<string, unknown>) => {
        const actor = request.actor as { kind?: string; userId?: string; tokenId?: string } | undefined;
        if (actor?.kind === 'user') return `user:${actor.userId}`;
        if (actor?.kind === 'api_token') return `token:${actor.tokenId}`;
        return `ip:${String(request.ip)}`;
      },
    },
  ],
});

@Module({
  imports: [AuditModule, throttling],
  controllers: [
    AuthController,
    PasswordsController,
    OrganisationsController,
    UsersController,
    ApiTokensController,
    InvitationsController,
    ProConnectController,
  ],
  providers: [
    PasswordHasher,
    OrganisationsService,
    UsersService,
    SessionsService,
    LoginThrottleService,
    ApiTokensService,
    InvitationsService,
    PasswordsService,
    ProConnectService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    OrganisationsService,
    UsersService,
    SessionsService,
    LoginThrottleService,
    ApiTokensService,
    InvitationsService,
    PasswordsService,
    PasswordHasher,
  ],
})
export class IdentityModule {}
