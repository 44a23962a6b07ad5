import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { ProgrammeAccountsModule } from '@app/ledger/programme-accounts';
import { SettlementModule } from '@app/settlement';
import { BankStatementsController } from './bank-statements.controller';
import { BankStatementsService } from './bank-statements.service';

/** Bank files in (camt.053, camt.054, pain.002), reconciled against settlement lines (SettlementService) and funder refund transfers. */
@Module({
  imports: [AuditModule, ProgrammeAccountsModule, SettlementModule],
  controllers: [BankStatementsController],
  providers: [BankStatementsService],
})
export class BankStatementsModule {}
