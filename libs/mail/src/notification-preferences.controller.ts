import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@app/access';
import type { UserActor } from '@app/domain';
import { NotificationPreferencesDto, NotificationPreferencesInputDto } from './dto/notification-preferences.dto';
import { NotificationPreferencesService } from './notification-preferences.service';

/** Beside /api/auth/me and /api/auth/sessions: a person's own settings. */
@ApiTags('auth')
@ApiCookieAuth()
@Controller('auth/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @ApiOperation({
    summary: 'The e-mail notifications you receive, and which of them you may switch off',
    description:
      'Every notification kind your role receives (docs/notifications.md), whether it is essential (always sent: account access, money or bank details refused) and whether you switched it off.',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  async get(@CurrentUser() user: UserActor): Promise<NotificationPreferencesDto> {
    return NotificationPreferencesDto.from(await this.preferences.get(user));
  }

  @Put()
  @ApiOperation({
    summary: 'Choose the notifications you do not want (replaces the previous choice); essential ones are always sent',
    description:
      '`switchedOff` lists the kinds you do not want by e-mail; an essential kind, an unknown one or one your role does not receive is refused (400 naming `switchedOff`). Only for signed-in people: API tokens get 403.',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiBadRequestResponse({ description: 'switchedOff names an unknown kind, an essential one or one your role does not receive' })
  async set(@CurrentUser() user: UserActor, @Body() body: NotificationPreferencesInputDto): Promise<NotificationPreferencesDto> {
    return NotificationPreferencesDto.from(await this.preferences.set(user, body.switchedOff));
  }
}
