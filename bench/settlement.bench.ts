/**
 * Settlement:
 * - building a batch (POST /api/settlement/batches, over HTTP, with its locks, lines, carry-overs
 *   and audit) over 1,000,000 generated redemptions spread over 2,000 payees, against the anchor
 *   measured in the same run on the same rows: a bare `SELECT organisation_id, sum(amount_cents)
 *   FROM redemptions GROUP BY 1`; goal ratio ≤ 2;
 * - the SEPA credit-transfer file for 20,000 lines, against a plain string join of the same data.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startDatabaseServer } from '@app/database';
import { centsToDecimal, lineReference, remittanceInformation } from '@app/domain';
import { DEMO_DEBTOR, type SepaCreditTransfer, sepaCreditTransferXml } from '@app/settlement';
import { benchLogin, startBenchApi } from './bench-api';
import { generateSettlementLoad } from './settlement-load';

const REDEMPTIONS = Number(process.env.BENCH_SETTLEMENT_REDEMPTIONS ?? 1_000_000);
const PAYEES = 2_000;
const SEPA_LINES = 20_000;

export async function settlementBenchmark(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-bench-settlement-'));
  chmodSync(dataDir, 0o755);
  const database = await startDatabaseServer({ embeddedDataDir: join(dataDir, 'postgres'), persistent: false });
  const api = await startBenchApi(database.url, dataDir);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const generating = Date.now();
    await generateSettlementLoad(client, { payees: PAYEES, redemptions: REDEMPTIONS });
    await client.query('VACUUM ANALYZE redemptions');
    console.log(
      `generated ${REDEMPTIONS.toLocaleString('en')} redemptions over ${PAYEES} payees in ${((Date.now() - generating) / 1000).toFixed(1)} s`,
    );

    const anchor = await median(3, async () => {
      const started = process.hrtime.bigint();
      await client.query('SELECT organisation_id, sum(amount_cents) FROM redemptions GROUP BY 1');
      return Number(process.hrtime.bigint() - started) / 1e6;
    });
    const cookie = await benchLogin(api.baseUrl, 'admin@operateur.example');
    // Median of 3 builds over the same rows: each one is undone (its lines and batch deleted) before the next.
    let batch = { lineCount: 0, totalCents: 0 };
    const built = await median(3, async () => {
      await client.query('DELETE FROM settlement_carry_overs; DELETE FROM settlement_lines; DELETE FROM settlement_batches');
      const cutOff = ((await client.query('SELECT clock_timestamp() AS now')).rows[0].now as Date).toISOString();
      const started = process.hrtime.bigint();
      const response = await fetch(`${api.baseUrl}/api/settlement/batches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: api.baseUrl, cookie, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ cutOff }),
      });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      batch = (await response.json()) as typeof batch;
      if (response.status !== 201) throw new Error(`batch build failed: ${response.status} ${JSON.stringify(batch)}`);
      return elapsed;
    });
    console.log(`bare GROUP BY over the redemptions         ${anchor.toFixed(0).padStart(6)} ms (anchor, median of 3)`);
    console.log(
      `build the batch (HTTP, ${batch.lineCount} lines)          ${built.toFixed(0).padStart(6)} ms  (median of 3; ${centsToDecimal(batch.totalCents)} €)`,
    );
    console.log(`batch build / bare GROUP BY ratio: ${(built / anchor).toFixed(2)} (goal ≤ 2)`);

    const file = sepaFile(SEPA_LINES);
    const sepa = await median(5, () => timed(() => sepaCreditTransferXml(file).length));
    const join = await median(5, () =>
      timed(
        () =>
          file.transfers
            .map(
              (t) =>
                `${t.endToEndId};${centsToDecimal(t.amountCents)};${t.creditor.name};${t.creditor.iban};${t.creditor.bic};${t.remittanceInformation}`,
            )
            .join('\n').length,
      ),
    );
    console.log(`SEPA file, ${SEPA_LINES.toLocaleString('en')} transfers          ${sepa.toFixed(1).padStart(6)} ms`);
    console.log(`plain string join of the same data       ${join.toFixed(1).padStart(6)} ms (anchor)`);
    console.log(`SEPA / string join ratio: ${(sepa / join).toFixed(2)}`);
  } finally {
    await client.end();
    await api.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function sepaFile(lines: number): SepaCreditTransfer {
  return {
    messageId: 'RB-2026-00001',
    createdAt: new Date(),
    executionDate: '2026-06-02',
    debtor: DEMO_DEBTOR,
    transfers: Array.from({ length: lines }, (_, index) => {
      const reference = lineReference('RB-2026-00001', index + 1);
      const name = `Association numérique n° ${index + 1} « Les Clés »`;
      return {
        endToEndId: reference,
        amountCents: 1000 + index,
        creditor: { name, iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
        remittanceInformation: remittanceInformation({ lineReference: reference, payeeName: name, periodLabel: '2026-05' }),
      };
    }),
  };
}

function timed(work: () => number): number {
  const started = process.hrtime.bigint();
  if (work() <= 0) throw new Error('nothing produced');
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function median(runs: number, measure: () => number | Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push(await measure());
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}
