import { FunderRefundEntity } from './entities/funder-refund.entity';
import { FunderRefundTransferEntity } from './entities/funder-refund-transfer.entity';
import { LedgerEntryEntity } from './entities/ledger-entry.entity';
import { LedgerPostingEntity } from './entities/ledger-posting.entity';

export * from './ledger.module';
export * from './ledger.service';
export * from './ledger-check';
export * from './ledger-liabilities';
export { LedgerEntryEntity, LedgerPostingEntity, FunderRefundEntity, FunderRefundTransferEntity };

export const LEDGER_ENTITIES = [LedgerEntryEntity, LedgerPostingEntity, FunderRefundEntity, FunderRefundTransferEntity];
