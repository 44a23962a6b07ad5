import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { uniqueViolation } from '@app/database';
import { type Actor, type AuthenticatedActor, DomainError, type OrganisationKind } from '@app/domain';
import { OrganisationEntity } from './entities/organisation.entity';

export interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
}

/** The operator sees every organisation; anybody else only their own. */
export function canSeeAllOrganisations(actor: AuthenticatedActor): boolean {
  return actor.organisationKind === 'operator';
}

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  create(actor: Actor, input: NewOrganisation): Promise<OrganisationEntity> {
    return this.dataSource.transaction((manager) => this.createInTransaction(manager, actor, input));
  }

  /** The building block of create(), for callers (seed, tests) that hold a transaction already. */
  async createInTransaction(manager: EntityManager, actor: Actor, input: NewOrganisation): Promise<OrganisationEntity> {
    const name = input.name.trim();
    const organisation = manager.create(OrganisationEntity, { name, kind: input.kind });
    try {
      // A savepoint, so a duplicate name does not poison a caller's larger transaction.
      await manager.transaction((savepoint) => savepoint.getRepository(OrganisationEntity).insert(organisation));
    } catch (error) {
      if (uniqueViolation(error) === 'organisations_kind_name_unique') {
        throw new DomainError('conflict', 'An organisation of this kind already has this name', [
          { field: 'name', problems: ['is already used by another organisation of this kind'] },
        ]);
      }
      throw error;
    }
    await this.audit.record(manager, actor, {
      action: 'organisation.created',
      objectType: 'organisation',
      objectId: organisation.id,
      changes: { name, kind: input.kind },
    });
    return organisation;
  }

  async list(actor: AuthenticatedActor, kind?: OrganisationKind): Promise<OrganisationEntity[]> {
    const query = this.dataSource.getRepository(OrganisationEntity).createQueryBuilder('organisation');
    if (!canSeeAllOrganisations(actor)) query.andWhere('organisation.id = :own', { own: actor.organisationId });
    if (kind) query.andWhere('organisation.kind = :kind', { kind });
    return query.orderBy('organisation.kind').addOrderBy('organisation.name').getMany();
  }

  /** 404 for an organisation the actor may not see, exactly as for one that does not exist. */
  async get(actor: AuthenticatedActor, id: string): Promise<OrganisationEntity> {
    if (!canSeeAllOrganisations(actor) && id !== actor.organisationId) throw DomainError.notFound('organisation');
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOne({ where: { id } });
    if (!organisation) throw DomainError.notFound('organisation');
    return organisation;
  }

  async findById(id: string): Promise<OrganisationEntity | null> {
    return this.dataSource.getRepository(OrganisationEntity).findOne({ where: { id } });
  }
}
