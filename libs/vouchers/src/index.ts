import { BookletEntity } from './entities/booklet.entity';
import { ChequeEntity } from './entities/cheque.entity';
import { HandOutEntity } from './entities/hand-out.entity';
import { ProgrammeEntity } from './entities/programme.entity';

export * from './vouchers.module';
export * from './programmes.service';
export * from './cheque-keys.service';
export * from './cheque-check.service';
export * from './distribution.service';
export * from './expiry.service';
export * from './voucher-conflicts';
export { ProgrammeEntity, BookletEntity, ChequeEntity, HandOutEntity };

export const VOUCHER_ENTITIES = [ProgrammeEntity, BookletEntity, ChequeEntity, HandOutEntity];
// Building blocks the benchmarks measure on their own.
export { issueBookletsAndCheques } from './cheque-issuance';
export { drawBooklet, newBookletDocument, type PrintableProgramme } from './printing/booklet-pdf';
// The fonts every PDF embeds (reporting's summaries too).
export { registerPdfFonts } from './printing/booklet-pdf';
