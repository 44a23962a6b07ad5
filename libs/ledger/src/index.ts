import { FunderRefundEntity } from './entities/funder-refund.entity';
import { LedgerEntryEntity } from './entities/ledger-entry.entity';
import { LedgerPostingEntity } from './entities/ledger-posting.entity';

export * from './ledger.module';
export * from './ledger.service';
export * from './ledger-check';
export * from './ledger-liabilities';
export { LedgerEntryEntity, LedgerPostingEntity, FunderRefundEntity };

export const LEDGER_ENTITIES = [LedgerEntryEntity, LedgerPostingEntity, FunderRefundEntity];
