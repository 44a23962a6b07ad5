import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { DocumentsModule } from '@app/documents';
import { FundsCoverageModule } from '@app/funds-coverage';
import { IdentityModule } from '@app/identity';
import { IdempotencyService } from '@app/database';
import { LedgerModule } from '@app/ledger';
import { ChequeCheckService } from './cheque-check.service';
import { ChequeKeysService } from './cheque-keys.service';
import { ChequesController } from './cheques.controller';
import { DistributionController } from './distribution.controller';
import { DistributionService } from './distribution.service';
import { ExpiryService } from './expiry.service';
import { BookletPrintingService } from './printing/booklet-printing.service';
import { ProgrammesController } from './programmes.controller';
import { ProgrammesService } from './programmes.service';
import { ReissueController } from './reissue.controller';
import { ReissueService } from './reissue.service';
import { StockController } from './stock.controller';
import { StockTransfersService } from './stock-transfers.service';

@Module({
  imports: [AuditModule, DocumentsModule, FundsCoverageModule, IdentityModule, LedgerModule],
  controllers: [ProgrammesController, ChequesController, DistributionController, ReissueController, StockController],
  providers: [
    ChequeKeysService,
    ProgrammesService,
    ChequeCheckService,
    DistributionService,
    ExpiryService,
    BookletPrintingService,
    ReissueService,
    StockTransfersService,
    IdempotencyService,
  ],
  exports: [ChequeKeysService, ProgrammesService, ChequeCheckService, DistributionService, ExpiryService],
})
export class VouchersModule {}
