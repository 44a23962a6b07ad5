import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind, ROLES, type Role } from '@app/domain';
import type { OrganisationEntity } from '../entities/organisation.entity';
import type { SessionEntity } from '../entities/session.entity';
import type { UserEntity } from '../entities/user.entity';

export class LoginDto {
  @ApiProperty({ description: 'Account email (case and surrounding spaces do not matter).', example: 'admin@operateur.example' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ description: 'Password.', example: 'pass-numerique-demo' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(1024)
  password!: string;
}

export class OrganisationSummaryDto {
  @ApiProperty({ example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  id!: string;

  @ApiProperty({ description: 'Name.', example: 'Département de la Gironde' })
  name!: string;

  @ApiProperty({ description: 'Kind of organisation.', enum: ORGANISATION_KINDS, example: 'funder' })
  kind!: OrganisationKind;

  static from(organisation: OrganisationEntity): OrganisationSummaryDto {
    return { id: organisation.id, name: organisation.name, kind: organisation.kind };
  }
}

export class MeDto {
  @ApiProperty({ description: 'User id.', example: '7f1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  id!: string;

  @ApiProperty({ description: 'Email.', example: 'admin@operateur.example' })
  email!: string;

  @ApiProperty({ description: 'Name shown in the interface.', example: 'Camille Martin' })
  displayName!: string;

  @ApiProperty({ description: 'Role.', enum: ROLES, example: 'operator_admin' })
  role!: Role;

  @ApiProperty({ type: OrganisationSummaryDto })
  organisation!: OrganisationSummaryDto;

  @ApiProperty({ description: 'Current session id.', example: '0b6f3c1e-5d4b-4a6c-9a53-1f0f3f5e9b1a' })
  sessionId!: string;

  @ApiProperty({ description: 'When the current session ends.', example: '2026-11-23T21:00:00.000Z' })
  sessionExpiresAt!: string;

  static from(user: UserEntity, organisation: OrganisationEntity, session: SessionEntity): MeDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      organisation: OrganisationSummaryDto.from(organisation),
      sessionId: session.id,
      sessionExpiresAt: session.expiresAt.toISOString(),
    };
  }
}

export class SessionDto {
  @ApiProperty({ example: '0b6f3c1e-5d4b-4a6c-9a53-1f0f3f5e9b1a' })
  id!: string;

  @ApiProperty({ description: 'Signed in at.', example: '2026-11-23T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ description: 'Last activity (to the nearest 5 minutes).', example: '2026-11-23T09:40:00.000Z' })
  lastSeenAt!: string;

  @ApiProperty({ description: 'Ends at.', example: '2026-11-23T21:00:00.000Z' })
  expiresAt!: string;

  @ApiProperty({ description: 'Browser, as it introduced itself.', nullable: true, type: String, example: 'Mozilla/5.0 …' })
  userAgent!: string | null;

  @ApiProperty({ description: 'IP address at sign-in.', nullable: true, type: String, example: '203.0.113.7' })
  ipAddress!: string | null;

  @ApiProperty({ description: 'True for the session making this request.', example: true })
  current!: boolean;

  static from(session: SessionEntity, currentSessionId: string): SessionDto {
    return {
      id: session.id,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      userAgent: session.userAgent,
      ipAddress: session.ipAddress,
      current: session.id === currentSessionId,
    };
  }
}
