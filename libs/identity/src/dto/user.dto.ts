import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type Role } from '@app/domain';
import type { InvitationEntity } from '../entities/invitation.entity';
import type { OrganisationEntity } from '../entities/organisation.entity';
import type { UserEntity } from '../entities/user.entity';
import { OrganisationSummaryDto } from './auth.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class UserQueryDto {
  @ApiPropertyOptional({
    description: 'Only users of this organisation (operators may name any).',
    example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  organisationId?: string;
}

export class UserDto {
  @ApiProperty({ example: '7f1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  id!: string;

  @ApiProperty({ example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  organisationId!: string;

  @ApiProperty({ example: 'agent@ccas.example' })
  email!: string;

  @ApiProperty({ example: 'Samia Benali' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, example: 'distributor_agent' })
  role!: Role;

  @ApiProperty({ description: 'False once the account is disabled.', example: true })
  active!: boolean;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-23T09:00:00.000Z' })
  lastLoginAt!: string | null;

  static from(user: UserEntity): UserDto {
    return {
      id: user.id,
      organisationId: user.organisationId,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      active: user.disabledAt === null,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    };
  }
}

export class CreateInvitationDto {
  @ApiProperty({ description: 'Email of the person invited.', example: 'nouvelle.agente@ccas.example' })
  @Transform(trim)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ description: "Role in the organisation (must fit the organisation's kind).", enum: ROLES, example: 'distributor_agent' })
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role!: Role;
}

export class InvitationCreatedDto {
  @ApiProperty({ example: '9c1d7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  id!: string;

  @ApiProperty({ example: 'nouvelle.agente@ccas.example' })
  email!: string;

  @ApiProperty({ enum: ROLES, example: 'distributor_agent' })
  role!: Role;

  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' })
  expiresAt!: string;

  @ApiProperty({
    description: 'Single-use link to give to the person (shown once; also written to the log while there is no mail server).',
    example: 'http://localhost:3000/invitation/Jx…',
  })
  invitationUrl!: string;
}

export class InvitationDescriptionDto {
  @ApiProperty({ example: 'nouvelle.agente@ccas.example' })
  email!: string;

  @ApiProperty({ enum: ROLES, example: 'distributor_agent' })
  role!: Role;

  @ApiProperty({ type: OrganisationSummaryDto })
  organisation!: OrganisationSummaryDto;

  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' })
  expiresAt!: string;

  static from(invitation: InvitationEntity, organisation: OrganisationEntity): InvitationDescriptionDto {
    return {
      email: invitation.email,
      role: invitation.role,
      organisation: OrganisationSummaryDto.from(organisation),
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'Name shown in the interface.', example: 'Samia Benali' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(120)
  displayName!: string;

  @ApiProperty({ description: 'New password: 12 to 128 characters.', example: 'une phrase de passe longue' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
