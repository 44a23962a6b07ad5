import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { ChequeCheckService } from './cheque-check.service';
import { ChequeKeysService } from './cheque-keys.service';
import { ChequesController } from './cheques.controller';
import { ProgrammesController } from './programmes.controller';
import { ProgrammesService } from './programmes.service';

@Module({
  imports: [AuditModule],
  controllers: [ProgrammesController, ChequesController],
  providers: [ChequeKeysService, ProgrammesService, ChequeCheckService],
  exports: [ChequeKeysService, ProgrammesService, ChequeCheckService],
})
export class VouchersModule {}
