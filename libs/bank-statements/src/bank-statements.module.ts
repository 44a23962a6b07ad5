import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { SettlementModule } from '@app/settlement';
import { BankStatementsController } from './bank-statements.controller';
import { BankStatementsService } from './bank-statements.service';

/** Bank files in (camt.053, camt.054, pain.002), reconciled against settlement lines through SettlementService. */
@Module({
  imports: [AuditModule, SettlementModule],
  controllers: [BankStatementsController],
  providers: [BankStatementsService],
})
export class BankStatementsModule {}
