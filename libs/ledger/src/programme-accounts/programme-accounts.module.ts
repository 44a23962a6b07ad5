import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { DocumentsModule } from '@app/documents';
import { IdempotencyService } from '@app/database';
import { IdentityModule } from '@app/identity';
import { VouchersModule } from '@app/vouchers';
import { LedgerModule } from '../ledger.module';
import { ProgrammeAccountsController } from './programme-accounts.controller';
import { ProgrammeAccountsService } from './programme-accounts.service';

/**
 * The funder-facing side of the ledger (balances of a programme, refunds, statements). A module of
 * its own because it needs the programmes, while the programmes need LedgerModule to book fundings.
 */
@Module({
  imports: [AuditModule, DocumentsModule, IdentityModule, LedgerModule, VouchersModule],
  controllers: [ProgrammeAccountsController],
  providers: [ProgrammeAccountsService, IdempotencyService],
})
export class ProgrammeAccountsModule {}
