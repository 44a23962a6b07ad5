/**
 * Cheques:
 * - issuance of 100,000 cheques (codes, hash, encryption, Ed25519 signature, array INSERTs) against
 *   the anchor: computing 100,000 Ed25519 signatures alone;
 * - PDF of 10,000 cheques (cheques per second) against the anchor: QRCode.create per second on the
 *   same URLs; and the peak memory (RSS) of a child process drawing 100,000 cheques.
 */
import { fork } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { startDatabaseServer } from '@app/database';
import { chequeQrUrl, generateChequeCode, signCheque } from '@app/domain';
import {
  type ChequeSigner,
  encryptChequeCode,
  loadKeyMaterial,
  drawBooklet,
  issueBookletsAndCheques,
  newBookletDocument,
  type PrintableProgramme,
  ProgrammeEntity,
} from '@app/vouchers';
import { appDataSourceOptions } from '../apps/api/src/database/app-data-source';

const ISSUED = Number(process.env.BENCH_ISSUED_CHEQUES ?? 100_000);
const PRINTED = 10_000;
const PRINTED_FOR_MEMORY = Number(process.env.BENCH_PDF_MEMORY_CHEQUES ?? 100_000);

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Processor time used by this process since `since` (user + system): steadier than wall time on a shared machine. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** Keys generated into this folder, used directly (no database: the benchmark measures signing and drawing). */
function keysIn(dataDir: string): ChequeSigner {
  const material = loadKeyMaterial({ DATA_DIR: dataDir, NODE_ENV: 'development' });
  return {
    keyId: material.kid,
    privateKey: material.signingKey,
    encryptCode: (code, programmeId) => encryptChequeCode(material.codeKey, code, programmeId),
  };
}

const PROGRAMME: PrintableProgramme = {
  name: 'Pass numérique Gironde 2027',
  faceValueCents: 1000,
  chequesPerBooklet: 10,
  validFrom: '2027-01-01',
  validUntil: '2027-12-31',
  coverTitle: 'Votre Pass numérique',
  coverText: 'Offert par le Département de la Gironde.',
  mapUrl: 'https://pass-numerique.example/carte',
};

/** Draws `count` cheques into a sink that only counts bytes; answers the seconds taken and the bytes. */
async function drawCheques(urls: string[], codes: string[]): Promise<{ seconds: number; cpuSeconds: number; bytes: number }> {
  const document = newBookletDocument(PROGRAMME);
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const finished = new Promise((resolve) => sink.on('finish', resolve));
  document.pipe(sink);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let booklet = 0; booklet < codes.length / 10; booklet++) {
    const cheques = Array.from({ length: 10 }, (_unused, index) => {
      const at = booklet * 10 + index;
      return { position: index + 1, code: codes[at], qrUrl: urls[at] };
    });
    drawBooklet(document, PROGRAMME, { serial: `BNCH-${String(booklet + 1).padStart(5, '0')}`, cheques });
    if (document.readableLength > 4 * 1024 * 1024) await new Promise((resolve) => setImmediate(resolve));
  }
  document.end();
  await finished;
  return { seconds: seconds(started), cpuSeconds: cpuSeconds(cpu), bytes };
}

function sampleUrls(keys: ChequeSigner, count: number): { urls: string[]; codes: string[] } {
  const programmeId = '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f';
  const codes = Array.from({ length: count }, () => generateChequeCode());
  const urls = codes.map((code) =>
    chequeQrUrl('https://pass-numerique.example', {
      code,
      programmeId,
      keyId: keys.keyId,
      signature: signCheque(keys.privateKey, { code, programmeId }),
    }),
  );
  return { urls, codes };
}

/** Child mode: draw many cheques and report peak RSS. */
export async function memoryChild(count: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pn-bench-keys-'));
  const keys = keysIn(dataDir);
  // Generate URLs per booklet batch, so the inputs themselves do not grow with the order.
  let peak = 0;
  const document = newBookletDocument(PROGRAMME);
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const finished = new Promise((resolve) => sink.on('finish', resolve));
  document.pipe(sink);
  for (let booklet = 0; booklet < count / 10; booklet++) {
    const { urls, codes } = sampleUrls(keys, 10);
    drawBooklet(document, PROGRAMME, {
      serial: `BNCH-${booklet}`,
      cheques: codes.map((code, index) => ({ position: index + 1, code, qrUrl: urls[index] })),
    });
    if (booklet % 100 === 0) {
      peak = Math.max(peak, process.memoryUsage().rss);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  document.end();
  await finished;
  rmSync(dataDir, { recursive: true, force: true });
  process.send?.({ peakRss: Math.max(peak, process.resourceUsage().maxRSS * 1024) });
}

export async function chequesBenchmark(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pn-bench-'));
  chmodSync(dataDir, 0o755);
  const keys = keysIn(dataDir);

  // Anchor 1: signatures alone.
  const programmeId = '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f';
  let started = process.hrtime.bigint();
  for (let index = 0; index < ISSUED; index++) signCheque(keys.privateKey, { code: generateChequeCode(), programmeId });
  const signatureSeconds = seconds(started);

  // Issuance into a real PostgreSQL.
  const server = await startDatabaseServer({ embeddedDataDir: join(dataDir, 'postgres'), persistent: false });
  const dataSource = new DataSource(appDataSourceOptions(server.url, false));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const [{ id: funderId }] = await dataSource.query(
    "INSERT INTO organisations (name, kind) VALUES ('Bench funder', 'funder') RETURNING id",
  );
  const programme = dataSource.getRepository(ProgrammeEntity).create({
    code: 'BNCH',
    funderOrganisationId: funderId,
    name: 'Bench',
    status: 'ordered',
    faceValueCents: 1000,
    chequesPerBooklet: 10,
    bookletCount: ISSUED / 10,
    validFrom: '2027-01-01',
    validUntil: '2027-12-31',
    graceDays: 31,
    territoryCodes: [],
    eligibleServices: [],
    createdByUserId: funderId,
  });
  await dataSource.getRepository(ProgrammeEntity).insert(programme);
  started = process.hrtime.bigint();
  const issued = await dataSource.transaction((manager) => issueBookletsAndCheques(manager, keys, programme));
  const issuanceSeconds = seconds(started);
  await dataSource.destroy();
  await server.stop();

  console.log(
    `issuance: ${issued.cheques} cheques in ${issuanceSeconds.toFixed(2)} s (${Math.round(issued.cheques / issuanceSeconds)} /s)`,
  );
  console.log(`  anchor: ${ISSUED} Ed25519 signatures alone in ${signatureSeconds.toFixed(2)} s`);
  console.log(`  issuance / signatures time ratio: ${(issuanceSeconds / signatureSeconds).toFixed(2)}`);

  // PDF throughput against QRCode.create on the same URLs.
  const { urls, codes } = sampleUrls(keys, PRINTED);
  started = process.hrtime.bigint();
  const qrCpu = process.cpuUsage();
  for (const url of urls) QRCode.create(url, { errorCorrectionLevel: 'M' });
  const qrSeconds = seconds(started);
  const qrCpuSeconds = cpuSeconds(qrCpu);
  const pdf = await drawCheques(urls, codes);
  const pdfRate = PRINTED / pdf.seconds;
  const qrRate = PRINTED / qrSeconds;
  console.log(
    `PDF: ${PRINTED} cheques in ${pdf.seconds.toFixed(2)} s = ${Math.round(pdfRate)} cheques/s (${(pdf.bytes / 1024 / 1024).toFixed(1)} MB)`,
  );
  console.log(`  anchor: QRCode.create ${Math.round(qrRate)} /s`);
  console.log(`  PDF cheques/s ÷ QRCode.create/s: ${(pdfRate / qrRate).toFixed(2)} (goal ≥ 0.8)`);
  console.log(`  the same in processor time (other processes sharing the machine left out): ${(qrCpuSeconds / pdf.cpuSeconds).toFixed(2)}`);

  const peakRss = await new Promise<number>((resolve, reject) => {
    // A capped heap: the run fails if memory grows with the order, and lazy garbage collection
    // cannot inflate the figure either.
    const child = fork(__filename.replace(/cheques\.bench\.js$/, 'run.js'), ['--memory-child', String(PRINTED_FOR_MEMORY)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--max-old-space-size=160'],
    });
    child.on('message', (message: { peakRss: number }) => resolve(message.peakRss));
    child.on('exit', (code) => code !== 0 && reject(new Error(`memory child exited with ${code}`)));
  });
  console.log(
    `PDF of ${PRINTED_FOR_MEMORY} cheques with a 160 MB heap cap: peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (goal ≤ 256 MB)`,
  );
  rmSync(dataDir, { recursive: true, force: true });
}
