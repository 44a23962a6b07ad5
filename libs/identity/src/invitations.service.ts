import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '@app/audit';
import { invitationMail, OutboxService } from '@app/mail';
import { type Actor, type Clock, CLOCK, DomainError, normaliseEmail, type Role, type UserActor } from '@app/domain';
import { InvitationEntity } from './entities/invitation.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { UserEntity } from './entities/user.entity';
import { hashSecret, newSecret } from './secret-tokens';
import { assertRoleFitsOrganisation, UsersService } from './users.service';

export interface NewInvitation {
  email: string;
  role: Role;
}

export interface CreatedInvitation {
  invitation: InvitationEntity;
  organisation: OrganisationEntity;
  /** The single-use link to send to the person (shown once). */
  url: string;
}

export interface InvitationAcceptance {
  displayName: string;
  password: string;
}

const INVITATION_VALIDITY_DAYS = 7;

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly config: ConfigService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Operator admins invite people into any organisation. */
  async create(actor: UserActor, organisationId: string, input: NewInvitation): Promise<CreatedInvitation> {
    const email = normaliseEmail(input.email);
    const secret = newSecret();
    const now = this.clock.now();
    const url = new URL(`/invitation/${secret}`, this.config.getOrThrow<string>('PUBLIC_URL')).toString();
    const created = await this.dataSource.transaction(async (manager) => {
      const organisation = await manager.getRepository(OrganisationEntity).findOne({ where: { id: organisationId } });
      if (!organisation) throw DomainError.notFound('organisation');
      assertRoleFitsOrganisation(input.role, organisation);
      if (await this.users.emailTaken(manager, email)) {
        throw new DomainError('conflict', 'An account already exists for this email', [
          { field: 'email', problems: ['already has an account'] },
        ]);
      }
      const invitation = manager.create(InvitationEntity, {
        organisationId,
        email,
        role: input.role,
        tokenHash: hashSecret(secret),
        invitedByUserId: actor.userId,
        expiresAt: new Date(now.getTime() + INVITATION_VALIDITY_DAYS * 24 * 3600 * 1000),
        acceptedAt: null,
        acceptedUserId: null,
      });
      await manager.getRepository(InvitationEntity).insert(invitation);
      await this.audit.record(manager, actor, {
        action: 'invitation.created',
        objectType: 'invitation',
        objectId: invitation.id,
        changes: { organisationId, email, role: input.role },
      });
      // Sent only if the invitation commits (the outbox row is part of this transaction).
      await this.outbox.enqueue(manager, {
        kind: 'invitation',
        to: email,
        ...invitationMail({ organisationName: organisation.name, url, validityDays: INVITATION_VALIDITY_DAYS }),
      });
      return { invitation, organisation };
    });
    return { ...created, url };
  }

  /** What the invitation page shows before the person chooses a password. */
  async describe(secret: string): Promise<{ invitation: InvitationEntity; organisation: OrganisationEntity }> {
    const invitation = await this.findUsable(secret);
    const organisation = await this.dataSource
      .getRepository(OrganisationEntity)
      .findOneOrFail({ where: { id: invitation.organisationId } });
    return { invitation, organisation };
  }

  /** Creates the account and spends the invitation, at most once even if two tabs submit together. */
  async accept(actor: Actor, secret: string, input: InvitationAcceptance): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const claimed = await manager
        .createQueryBuilder()
        .update(InvitationEntity)
        .set({ acceptedAt: now })
        .where({ tokenHash: hashSecret(secret), acceptedAt: IsNull() })
        .andWhere('expires_at > :now', { now })
        .returning('*')
        .execute();
      const row = (claimed.raw as Array<{ id: string; organisation_id: string; email: string; role: Role }>)[0];
      if (!row) throw invitationInvalid();
      const user = await this.users.createInTransaction(manager, actor, {
        organisationId: row.organisation_id,
        email: row.email,
        displayName: input.displayName,
        role: row.role,
        password: input.password,
      });
      await manager.getRepository(InvitationEntity).update({ id: row.id }, { acceptedUserId: user.id });
      await this.audit.record(manager, actor, {
        action: 'invitation.accepted',
        objectType: 'invitation',
        objectId: row.id,
        changes: { userId: user.id },
      });
      return user;
    });
  }

  private async findUsable(secret: string): Promise<InvitationEntity> {
    const invitation = await this.dataSource.getRepository(InvitationEntity).findOne({ where: { tokenHash: hashSecret(secret) } });
    if (!invitation || invitation.acceptedAt || invitation.expiresAt <= this.clock.now()) throw invitationInvalid();
    return invitation;
  }
}

function invitationInvalid(): DomainError {
  return new DomainError('invitation_invalid', 'This invitation link is unknown, already used or expired');
}
