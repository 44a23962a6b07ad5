import { ApiTokenEntity } from './entities/api-token.entity';
import { InvitationEntity } from './entities/invitation.entity';
import { KnownDeviceEntity } from './entities/known-device.entity';
import { LoginAttemptCounterEntity } from './entities/login-attempt-counter.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { PasswordResetRequestEntity } from './entities/password-reset-request.entity';
import { PasswordTokenEntity } from './entities/password-token.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';

export * from './identity.module';
export * from './organisations.service';
export * from './users.service';
export * from './sessions.service';
export * from './login-throttle.service';
export * from './api-tokens.service';
export * from './invitations.service';
export * from './passwords.service';
export * from './session-cookie';
export * from './device-cookie';
export * from './proconnect/proconnect.service';
export {
  OrganisationEntity,
  UserEntity,
  SessionEntity,
  ApiTokenEntity,
  InvitationEntity,
  KnownDeviceEntity,
  LoginAttemptCounterEntity,
  PasswordTokenEntity,
  PasswordResetRequestEntity,
};

export const IDENTITY_ENTITIES = [
  OrganisationEntity,
  UserEntity,
  SessionEntity,
  ApiTokenEntity,
  InvitationEntity,
  KnownDeviceEntity,
  LoginAttemptCounterEntity,
  PasswordTokenEntity,
  PasswordResetRequestEntity,
];
