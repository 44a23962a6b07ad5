import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { uniqueViolation } from '@app/database';
import {
  type Actor,
  type AuthenticatedActor,
  DomainError,
  normaliseEmail,
  organisationKindOfRole,
  passwordProblems,
  type Role,
} from '@app/domain';
import { OrganisationEntity } from './entities/organisation.entity';
import { UserEntity } from './entities/user.entity';
import { canSeeAllOrganisations } from './organisations.service';
import { PasswordHasher } from './password-hasher';

export interface NewUser {
  organisationId: string;
  email: string;
  displayName: string;
  role: Role;
  password: string;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly passwords: PasswordHasher,
  ) {}

  /** Creates an account with a password (invitation acceptance, demo seed); checks role and organisation fit. */
  async createInTransaction(manager: EntityManager, actor: Actor, input: NewUser): Promise<UserEntity> {
    const email = normaliseEmail(input.email);
    const problems = passwordProblems(input.password, email);
    if (problems.length > 0) throw DomainError.validation([{ field: 'password', problems }]);
    const organisation = await manager.getRepository(OrganisationEntity).findOne({ where: { id: input.organisationId } });
    if (!organisation) throw DomainError.notFound('organisation');
    assertRoleFitsOrganisation(input.role, organisation);

    const user = manager.create(UserEntity, {
      organisationId: organisation.id,
      email,
      displayName: input.displayName.trim(),
      role: input.role,
      passwordHash: await this.passwords.hash(input.password),
      disabledAt: null,
      lastLoginAt: null,
    });
    try {
      await manager.transaction((savepoint) => savepoint.getRepository(UserEntity).insert(user));
    } catch (error) {
      if (uniqueViolation(error) === 'users_email_unique') {
        throw new DomainError('conflict', 'An account already exists for this email', [
          { field: 'email', problems: ['already has an account'] },
        ]);
      }
      throw error;
    }
    await this.audit.record(manager, actor, {
      action: 'user.created',
      objectType: 'user',
      objectId: user.id,
      changes: { organisationId: organisation.id, email, role: input.role },
    });
    return user;
  }

  async list(actor: AuthenticatedActor, organisationId?: string): Promise<UserEntity[]> {
    const query = this.dataSource.getRepository(UserEntity).createQueryBuilder('user');
    if (!canSeeAllOrganisations(actor)) query.andWhere('user.organisation_id = :own', { own: actor.organisationId });
    if (organisationId) query.andWhere('user.organisation_id = :organisationId', { organisationId });
    return query.orderBy('user.display_name').getMany();
  }

  async get(actor: AuthenticatedActor, id: string): Promise<UserEntity> {
    const query = this.dataSource.getRepository(UserEntity).createQueryBuilder('user').where('user.id = :id', { id });
    if (!canSeeAllOrganisations(actor)) query.andWhere('user.organisation_id = :own', { own: actor.organisationId });
    const user = await query.getOne();
    if (!user) throw DomainError.notFound('user');
    return user;
  }

  async emailTaken(manager: EntityManager, email: string): Promise<boolean> {
    return manager.getRepository(UserEntity).exists({ where: { email: normaliseEmail(email) } });
  }
}

export function assertRoleFitsOrganisation(role: Role, organisation: OrganisationEntity): void {
  if (organisationKindOfRole(role) !== organisation.kind) {
    throw DomainError.validation([{ field: 'role', problems: [`${role} is not a role of a ${organisation.kind} organisation`] }]);
  }
}
