import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { API_SCOPES, type ApiScope } from '@app/domain';
import type { ApiTokenEntity } from '../entities/api-token.entity';
import { IsInstant } from '@app/access';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateApiTokenDto {
  @ApiProperty({ description: 'What the token is for.', example: 'Logiciel de caisse' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({ description: 'What the token may do.', enum: API_SCOPES, isArray: true, example: ['organisation:read'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one scope' })
  @ArrayUnique()
  @IsIn(API_SCOPES, { each: true, message: `each value must be one of ${API_SCOPES.join(', ')}` })
  scopes!: ApiScope[];

  @ApiPropertyOptional({ description: 'Expiry (ISO 8601); none means until revoked.', example: '2027-11-23T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  expiresAt?: Date;
}

export class ApiTokenDto {
  @ApiProperty({ example: '5a1d7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  id!: string;

  @ApiProperty({ example: 'Logiciel de caisse' })
  name!: string;

  @ApiProperty({ description: 'Start of the token, to recognise it.', example: 'pn_Xk3v9aQe' })
  prefix!: string;

  @ApiProperty({ enum: API_SCOPES, isArray: true, example: ['organisation:read'] })
  scopes!: ApiScope[];

  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  expiresAt!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-23T10:00:00.000Z' })
  lastUsedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  revokedAt!: string | null;

  static from(token: ApiTokenEntity): ApiTokenDto {
    return {
      id: token.id,
      name: token.name,
      prefix: token.prefix,
      scopes: token.scopes,
      createdAt: token.createdAt.toISOString(),
      expiresAt: token.expiresAt?.toISOString() ?? null,
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      revokedAt: token.revokedAt?.toISOString() ?? null,
    };
  }
}

export class ApiTokenCreatedDto extends ApiTokenDto {
  @ApiProperty({
    description: 'The token itself: shown this once, store it now. Send it as "Authorization: Bearer <token>".',
    example: 'pn_Xk3v9aQe…',
  })
  token!: string;
}
