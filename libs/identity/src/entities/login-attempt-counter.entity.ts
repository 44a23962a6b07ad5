import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LOGIN_COUNTER_SCOPES, type LoginCounterScope } from '@app/domain';

/**
 * Failed sign-in attempts counted in a fixed window, shared by every API process. The key is a
 * SHA-256 of the scope and its subject (address, e-mail, device): no e-mail or address is stored.
 */
@Entity({ name: 'login_attempt_counters' })
@Index('login_attempt_counters_window_ends_idx', ['windowEndsAt'])
export class LoginAttemptCounterEntity {
  @PrimaryColumn({ type: 'bytea' })
  key!: Buffer;

  @Column({ type: 'enum', enum: LOGIN_COUNTER_SCOPES, enumName: 'login_counter_scope' })
  scope!: LoginCounterScope;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'window_ends_at', type: 'timestamptz' })
  windowEndsAt!: Date;
}
