import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import { NOTIFICATION_KINDS, type NotificationKind } from '@app/domain';
import type { NotificationPreference } from '../notification-preferences.service';

export class NotificationPreferencesInputDto {
  @ApiProperty({
    description:
      'The kinds of notification you do not want to receive by e-mail; essential kinds cannot be listed. Every other kind is sent.',
    enum: NOTIFICATION_KINDS,
    isArray: true,
    example: ['renewal_reminder', 'payment_sent'],
  })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_KINDS, { each: true, message: `each value must be one of ${NOTIFICATION_KINDS.join(', ')}` })
  switchedOff!: NotificationKind[];
}

export class NotificationPreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'payment_sent' })
  kind!: NotificationKind;

  @ApiProperty({
    description: 'Always sent (access to the account, money or bank details refused): cannot be switched off.',
    example: false,
  })
  essential!: boolean;

  @ApiProperty({ description: 'Sent to you by e-mail.', example: true })
  enabled!: boolean;
}

export class NotificationPreferencesDto {
  @ApiProperty({
    description: 'The notifications your role receives about your organisation, in catalogue order.',
    type: [NotificationPreferenceDto],
  })
  notifications!: NotificationPreferenceDto[];

  static from(preferences: NotificationPreference[]): NotificationPreferencesDto {
    return { notifications: preferences.map((preference) => ({ ...preference })) };
  }
}
