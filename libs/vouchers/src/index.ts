import { ChequeKeyEntity } from './entities/cheque-key.entity';
import { BookletEntity } from './entities/booklet.entity';
import { ChequeEntity } from './entities/cheque.entity';
import { HandOutEntity } from './entities/hand-out.entity';
import { HandOutReissueEntity } from './entities/hand-out-reissue.entity';
import { StockTransferEntity } from './entities/stock-transfer.entity';
import { ProgrammeEntity } from './entities/programme.entity';

export * from './vouchers.module';
export * from './programmes.service';
export * from './cheque-keys.service';
export * from './cheque-key-material';
export * from './cheque-key-registry';
export * from './cheque-check.service';
export * from './distribution.service';
export * from './expiry.service';
export * from './reissue.service';
export * from './stock-transfers.service';
export * from './voucher-conflicts';
export { PublishedKeyDto } from './dto/cheque-status.dto';
export { ProgrammeEntity, BookletEntity, ChequeEntity, HandOutEntity, HandOutReissueEntity, StockTransferEntity, ChequeKeyEntity };

export const VOUCHER_ENTITIES = [
  ProgrammeEntity,
  BookletEntity,
  ChequeEntity,
  HandOutEntity,
  HandOutReissueEntity,
  StockTransferEntity,
  ChequeKeyEntity,
];
// Building blocks the benchmarks measure on their own.
export { issueBookletsAndCheques, type ChequeSigner } from './cheque-issuance';
export { drawBooklet, newBookletDocument, type PrintableProgramme } from './printing/booklet-pdf';
