import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { DocumentsModule } from '@app/documents';
import { IdempotencyService } from '@app/database';
import { IdentityModule } from '@app/identity';
import { SettlementModule } from '@app/settlement';
import { VouchersModule } from '@app/vouchers';
import { LedgerModule } from '../ledger.module';
import { FunderRefundTransfersController } from './funder-refund-transfers.controller';
import { FunderRefundTransfersService } from './funder-refund-transfers.service';
import { ProgrammeAccountsController } from './programme-accounts.controller';
import { ProgrammeAccountsService } from './programme-accounts.service';

/**
 * The funder-facing side of the ledger (balances of a programme, refunds typed or by transfer, statements). A module of
 * its own because it needs the programmes, while the programmes need LedgerModule to book fundings.
 */
@Module({
  imports: [AuditModule, DocumentsModule, IdentityModule, LedgerModule, SettlementModule, VouchersModule],
  controllers: [ProgrammeAccountsController, FunderRefundTransfersController],
  providers: [ProgrammeAccountsService, FunderRefundTransfersService, IdempotencyService],
  exports: [FunderRefundTransfersService],
})
export class ProgrammeAccountsModule {}
