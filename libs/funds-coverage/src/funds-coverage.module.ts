import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { FundsCoverageController } from './funds-coverage.controller';
import { FundsCoverageService } from './funds-coverage.service';

/** The operator's funds coverage: balances of the segregated account against the ledger's liabilities. */
@Module({
  imports: [AuditModule],
  controllers: [FundsCoverageController],
  providers: [FundsCoverageService],
  exports: [FundsCoverageService],
})
export class FundsCoverageModule {}
