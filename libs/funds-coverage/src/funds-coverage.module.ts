import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { FundsCoverageOpenDataController } from './funds-coverage-open-data.controller';
import { FundsCoverageOpenDataService } from './funds-coverage-open-data.service';
import { FundsCoverageController } from './funds-coverage.controller';
import { FundsCoverageService } from './funds-coverage.service';

/** The operator's funds coverage: balances of the segregated account against the ledger's liabilities. */
@Module({
  imports: [AuditModule],
  controllers: [FundsCoverageController, FundsCoverageOpenDataController],
  providers: [FundsCoverageService, FundsCoverageOpenDataService],
  exports: [FundsCoverageService, FundsCoverageOpenDataService],
})
export class FundsCoverageModule {}
