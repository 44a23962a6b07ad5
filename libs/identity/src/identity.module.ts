import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from '@app/audit';
import { normaliseEmail } from '@app/domain';
import { AccessGuard } from './access.guard';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { LogMailSender, MAIL_SENDER } from './mail-sender';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';
import { PasswordHasher } from './password-hasher';
import { SessionsService } from './sessions.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/**
 * Rate limits of the routes guarded by ThrottlerGuard (login, invitations, cheque checks). Counters live in
 * each process's memory: with several API instances, each applies the limit on its own.
 */
const throttling = ThrottlerModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService) => ({
    errorMessage: 'Too many attempts: wait a little before trying again',
    throttlers: [
      { name: 'per-ip', ttl: 60_000, limit: config.getOrThrow<number>('LOGIN_MAX_PER_IP_PER_MINUTE') },
      {
        name: 'per-account',
        ttl: 15 * 60_000,
        limit: config.getOrThrow<number>('LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES'),
        getTracker: (request: Record<string, unknown>) => {
          const body = request.body as { email?: unknown } | undefined;
          return typeof body?.email === 'string' ? `account:${normaliseEmail(body.email)}` : `ip:${String(request.ip)}`;
        },
      },
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
  }),
});

@Module({
  imports: [AuditModule, throttling],
  controllers: [AuthController, OrganisationsController, UsersController, ApiTokensController, InvitationsController],
  providers: [
    PasswordHasher,
    OrganisationsService,
    UsersService,
    SessionsService,
    ApiTokensService,
    InvitationsService,
    { provide: MAIL_SENDER, useClass: LogMailSender },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [OrganisationsService, UsersService, SessionsService, ApiTokensService, InvitationsService, PasswordHasher],
})
export class IdentityModule {}
