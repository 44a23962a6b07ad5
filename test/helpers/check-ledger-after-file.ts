/** setupFilesAfterEnv of the e2e and browser projects: the ledger invariants hold at the end of every test file. */
import { checkLedgerOf, ledgerFailures } from './ledger-invariants';
import { liveTestDatabases } from './test-database';

afterAll(async () => {
  for (const url of liveTestDatabases()) await checkLedgerOf(url);
  const failures = ledgerFailures();
  if (failures.length > 0) throw new Error(`The ledger check failed after this test file:\n${failures.join('\n')}`);
});
