import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, Scopes } from '@app/access';
import { AuditService } from './audit.service';
import { AuditEventDto, AuditEventPageDto, AuditEventQueryDto } from './dto/audit-event.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('operator_admin')
  @Scopes('audit:read')
  @ApiOperation({
    summary: 'Read the audit trail (operator admins), newest first, filtered by object, organisation or time',
    description:
      'Every change of state is recorded with who did it (person or API token), when, on what object and with which values. Paginated (page, pageSize), or by `cursor` for software reading the whole trail (the `nextCursor` of the page before: no gap, no duplicate while events are added); each filter narrows the page.',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  async list(@Query() query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    const page = await this.audit.list(query, { page: query.page, pageSize: query.pageSize, cursor: query.cursor });
    return { ...page, items: page.items.map((event) => AuditEventDto.from(event)) };
  }
}
