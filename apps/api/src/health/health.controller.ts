import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '@app/access';

class HealthDto {
  @ApiProperty({ description: '"ok" when the API answers and its database does too.', example: 'ok' })
  status!: 'ok';

  @ApiProperty({ description: 'Database round trip in milliseconds.', example: 2 })
  databaseMs!: number;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Liveness and database check (for load balancers and monitoring)',
    description:
      'Answers 200 with the database round trip when the API and its database both answer, 503 service_unavailable when the database does not. Never cached; safe to call every few seconds.',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async check(): Promise<HealthDto> {
    const started = process.hrtime.bigint();
    await this.dataSource.query('SELECT 1');
    return { status: 'ok', databaseMs: Number((process.hrtime.bigint() - started) / 1_000_000n) };
  }
}
