import { BankStatementEntryEntity } from './entities/bank-statement-entry.entity';
import { BankStatementFileEntity } from './entities/bank-statement-file.entity';

export * from './bank-statements.module';
export { BankStatementsService, BANK_FILE_MAX_BYTES } from './bank-statements.service';
export { readBankFile, type BankEntry, type BankFile, type BankFileKind } from './bank-file';
export { matchEntries, splitLineReference, type PayableLine } from './matching';
export { BankStatementFileEntity, BankStatementEntryEntity };

export const BANK_STATEMENT_ENTITIES = [BankStatementFileEntity, BankStatementEntryEntity];
export {
  camt053Xml,
  camt054Xml,
  pain002Xml,
  type AccountReport,
  type BankAnswer,
  type GroupedAnswers,
  type StatusReport,
} from './bank-file-writer';
