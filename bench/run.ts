/**
 * npm run bench — every benchmark, each printed as a ratio against an anchor measured in the same
 * run on the same machine (absolute numbers are too noisy to compare between runs).
 */
import { authBenchmark } from './auth.bench';
import { bankStatementsBenchmark } from './bank-statements.bench';
import { chequesBenchmark, memoryChild } from './cheques.bench';
import { hostileInputBenchmark } from './hostile-input.bench';
import { paymentDelayBenchmark } from './payment-delay.bench';
import { placesBenchmark } from './places.bench';
import { redemptionBenchmark } from './redemption.bench';
import { settlementBenchmark } from './settlement.bench';
import { reportingBenchmark } from './reporting.bench';

async function main(): Promise<void> {
  const memoryFlag = process.argv.indexOf('--memory-child');
  if (memoryFlag >= 0) return memoryChild(Number(process.argv[memoryFlag + 1]));
  const only = process.argv[2];
  if (!only || only === 'auth') {
    console.log('== authentication');
    await authBenchmark();
  }
  if (!only || only === 'hostile-input') {
    console.log('== hostile input');
    await hostileInputBenchmark();
  }
  if (!only || only === 'cheques') {
    console.log('== cheques');
    await chequesBenchmark();
  }
  if (!only || only === 'places') {
    console.log('== places');
    await placesBenchmark();
  }
  if (!only || only === 'redemption') {
    console.log('== redemption');
    await redemptionBenchmark();
  }
  if (!only || only === 'settlement') {
    console.log('== settlement');
    await settlementBenchmark();
  }
  if (!only || only === 'payment-delay') {
    console.log('== payment delay (simulation)');
    paymentDelayBenchmark();
  }
  if (!only || only === 'bank-statements') {
    console.log('== bank statements');
    await bankStatementsBenchmark();
  }
  if (!only || only === 'reporting') {
    console.log('== reporting');
    await reportingBenchmark();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
