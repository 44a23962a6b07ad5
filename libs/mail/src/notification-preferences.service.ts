/** Which notifications each person receives: every kind of their role, less those they switched off (never an essential one). */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  DomainError,
  type NotificationKind,
  notificationKindsFor,
  notificationRule,
  switchedOffProblems,
  type UserActor,
} from '@app/domain';
import { NotificationOptOutEntity } from './notification-opt-out.entity';

export interface NotificationPreference {
  kind: NotificationKind;
  essential: boolean;
  enabled: boolean;
}

@Injectable()
export class NotificationPreferencesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(user: UserActor): Promise<NotificationPreference[]> {
    const optOuts = await this.dataSource.getRepository(NotificationOptOutEntity).findBy({ userId: user.userId });
    const off = new Set(optOuts.map((optOut) => optOut.kind));
    return notificationKindsFor(user.role).map((kind) => {
      const essential = notificationRule(kind).essential;
      return { kind, essential, enabled: essential || !off.has(kind) };
    });
  }

  /** Replaces the person's choice as a whole (the page sends every box). */
  async set(user: UserActor, switchedOff: readonly string[]): Promise<NotificationPreference[]> {
    const problems = switchedOffProblems(user.role, switchedOff);
    if (problems.length > 0) throw DomainError.validation([{ field: 'switchedOff', problems }]);
    const kinds = [...new Set(switchedOff)];
    await this.dataSource.transaction(async (manager) => {
      // One choice at a time per person: two saves at once would both insert the same rows.
      await manager.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [user.userId]);
      await manager.delete(NotificationOptOutEntity, { userId: user.userId });
      if (kinds.length > 0)
        await manager.insert(
          NotificationOptOutEntity,
          kinds.map((kind) => ({ userId: user.userId, kind })),
        );
    });
    return this.get(user);
  }
}
