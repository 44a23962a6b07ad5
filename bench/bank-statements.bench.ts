/**
 * Bank statements: a camt.053.001.08 of 20,000 entries (19,800 payments, 150 returns with their reason,
 * 50 movements of another origin) read and matched to 20,000 settlement lines by EndToEndId, against
 * the anchor measured in the same run: fast-xml-parser's bare parse of the same file. Goal: ≤ 2 s.
 * Not in the figure: the booking of each matched line (one transaction per line through
 * SettlementService.markLine, see docs/bank-statements.md).
 */
import { XMLParser } from 'fast-xml-parser';
import { type BankAnswer, camt053Xml, matchEntries, type PayableLine, readBankFile } from '@app/bank-statements';
import { lineReference } from '@app/domain';
import { DEMO_DEBTOR } from '@app/settlement';

const ENTRIES = 20_000;
const RETURNS = 150;
const OTHERS = 50;

export async function bankStatementsBenchmark(): Promise<void> {
  const lines = new Map<string, PayableLine>();
  const answers: BankAnswer[] = [];
  for (let position = 1; position <= ENTRIES - OTHERS; position += 1) {
    const reference = lineReference('RB-2026-00042', position);
    const amountCents = 1000 + (position % 500) * 10;
    lines.set(reference, { kind: 'settlement_line', id: `line-${position}`, reference, amountCents });
    const returned = position <= RETURNS;
    answers.push({
      endToEndId: reference,
      amountCents,
      outcome: returned ? 'returned' : 'paid',
      bookingDate: '2026-06-05',
      bankReference: `BQ${position}`,
      reasonCode: returned ? 'AC04' : undefined,
      information: `Pass numerique ${reference} juin 2026`,
    });
  }
  for (let index = 0; index < OTHERS; index += 1) {
    answers.push({
      endToEndId: null,
      amountCents: 250,
      outcome: 'paid',
      bookingDate: '2026-06-05',
      bankReference: `FR${index}`,
      information: 'Frais',
    });
  }
  const file = Buffer.from(
    camt053Xml({ messageId: 'STMT-BENCH', createdAt: '2026-06-05T20:00:00+02:00', accountIban: DEMO_DEBTOR.iban, answers }),
  );
  console.log(`camt.053 of ${ENTRIES.toLocaleString('en')} entries: ${(file.length / 1024 / 1024).toFixed(1)} MB`);

  const bare = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true });
  // Wall time swings with the machine's load; processor time (this process only) much less.
  const wall = { anchor: [] as number[], reconciled: [] as number[] };
  const processor = { anchor: [] as number[], reconciled: [] as number[] };
  let matched = 0;
  for (let run = 0; run < 3; run += 1) {
    let started = performance.now();
    let cpu = process.cpuUsage();
    bare.parse(file.toString('utf8'));
    wall.anchor.push(performance.now() - started);
    processor.anchor.push(milliseconds(process.cpuUsage(cpu)));
    started = performance.now();
    cpu = process.cpuUsage();
    const matches = matchEntries(readBankFile(file).entries, lines);
    wall.reconciled.push(performance.now() - started);
    processor.reconciled.push(milliseconds(process.cpuUsage(cpu)));
    matched = matches.filter((match) => match.line !== null).length;
  }
  const anchor = median(wall.anchor);
  const reconciled = median(wall.reconciled);
  console.log(`bare parse (anchor, median of 3): ${anchor.toFixed(0)} ms wall, ${median(processor.anchor).toFixed(0)} ms processor`);
  console.log(
    `read + matched (median of 3): ${reconciled.toFixed(0)} ms wall, ${median(processor.reconciled).toFixed(0)} ms processor, ` +
      `${matched.toLocaleString('en')} matched — ratio ${(reconciled / anchor).toFixed(2)}; goal ≤ 2,000 ms ${reconciled <= 2000 ? 'met' : 'NOT met'}`,
  );
}

function milliseconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
