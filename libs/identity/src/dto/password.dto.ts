import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@app/domain';
import { PASSWORD_TOKEN_PURPOSES, type PasswordTokenPurpose } from '../entities/password-token.entity';

export class PasswordResetRequestDto {
  @ApiProperty({
    description: 'The e-mail of the account (the answer is the same whether or not an account has it).',
    example: 'camille@example.org',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;
}

export class ChoosePasswordDto {
  @ApiProperty({
    description: `The new password (${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, not containing the e-mail).`,
  })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The current password.' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({
    description: `The new password (${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, not containing the e-mail).`,
  })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}

export class PasswordLinkDto {
  @ApiProperty({ description: 'The account the link is for.', example: 'camille@example.org' })
  email!: string;

  @ApiProperty({ example: 'Camille Martin' })
  displayName!: string;

  @ApiProperty({ description: 'reset: forgotten password; first_password: an account created without one.', enum: PASSWORD_TOKEN_PURPOSES })
  purpose!: PasswordTokenPurpose;
}
