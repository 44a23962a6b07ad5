/**
 * What a place accepts cheques for. An edit never rewrites a version: it retires it and writes
 * the next one, so a redemption keeps the service, duration and price it was made at.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '@app/audit';
import { type AuthenticatedActor, DomainError, type Service, type ServiceModality } from '@app/domain';
import { CatalogueEntryEntity } from './entities/catalogue-entry.entity';
import { PlacesService } from './places.service';

export interface CatalogueEntryInput {
  name: string;
  description?: string | null;
  category: Service;
  modality: ServiceModality;
  durationMinutes: number;
  priceInCheques: number;
}

@Injectable()
export class CatalogueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly audit: AuditService,
  ) {}

  /** Current entries of a place (the public sees them on the place page). */
  async current(placeId: string): Promise<CatalogueEntryEntity[]> {
    return this.dataSource.getRepository(CatalogueEntryEntity).find({ where: { placeId, retiredAt: IsNull() }, order: { name: 'ASC' } });
  }

  /** Every version of every entry, for the place's managers. */
  async history(actor: AuthenticatedActor, placeId: string): Promise<CatalogueEntryEntity[]> {
    await this.places.getManaged(actor, placeId);
    return this.dataSource.getRepository(CatalogueEntryEntity).find({ where: { placeId }, order: { name: 'ASC', version: 'ASC' } });
  }

  /** One version, as it was (what a redemption points at). */
  async version(id: string): Promise<CatalogueEntryEntity | null> {
    return this.dataSource.getRepository(CatalogueEntryEntity).findOneBy({ id });
  }

  async add(actor: AuthenticatedActor, placeId: string, input: CatalogueEntryInput): Promise<CatalogueEntryEntity> {
    return this.dataSource.transaction(async (manager) => {
      await this.places.lockManaged(manager, actor, placeId);
      const entry = manager.getRepository(CatalogueEntryEntity).create({
        ...input,
        description: input.description ?? null,
        entryId: randomUUID(),
        version: 1,
        placeId,
        retiredAt: null,
      });
      await manager.getRepository(CatalogueEntryEntity).insert(entry);
      await this.audit.record(manager, actor, {
        action: 'catalogue_entry.created',
        objectType: 'place',
        objectId: placeId,
        changes: { entryId: entry.entryId, ...input },
      });
      return entry;
    });
  }

  /** A new version of the entry; the previous one is retired in the same transaction. */
  async revise(actor: AuthenticatedActor, placeId: string, entryId: string, input: CatalogueEntryInput): Promise<CatalogueEntryEntity> {
    return this.dataSource.transaction(async (manager) => {
      await this.places.lockManaged(manager, actor, placeId);
      const repository = manager.getRepository(CatalogueEntryEntity);
      const current = await repository.findOneBy({ placeId, entryId, retiredAt: IsNull() });
      if (!current) throw DomainError.notFound('catalogue entry');
      const now = new Date();
      await repository.update({ id: current.id }, { retiredAt: now });
      const next = repository.create({
        ...input,
        description: input.description ?? null,
        entryId,
        version: current.version + 1,
        placeId,
        retiredAt: null,
      });
      await repository.insert(next);
      await this.audit.record(manager, actor, {
        action: 'catalogue_entry.revised',
        objectType: 'place',
        objectId: placeId,
        changes: { entryId, version: next.version, ...input },
      });
      return next;
    });
  }

  async retire(actor: AuthenticatedActor, placeId: string, entryId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.places.lockManaged(manager, actor, placeId);
      const result = await manager
        .getRepository(CatalogueEntryEntity)
        .update({ placeId, entryId, retiredAt: IsNull() }, { retiredAt: new Date() });
      if (!result.affected) throw DomainError.notFound('catalogue entry');
      await this.audit.record(manager, actor, {
        action: 'catalogue_entry.retired',
        objectType: 'place',
        objectId: placeId,
        changes: { entryId },
      });
    });
  }
}
