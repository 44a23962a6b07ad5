/**
 * Decode bombs: small files that cost a lot to decode (ADR 0008, amendment), built here for the
 * tests and measured by `node dist/bench/decode-bombs.js <checks.js dir>`: each bomb is checked
 * in a child process of its own, which reports the longest the event loop was blocked (the
 * longest gap between 5 ms timer ticks) and the peak resident memory (getrusage maxrss).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { constants, crc32, createDeflate, deflateSync } from 'node:zlib';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG whose every pixel is zero (colour type 6, RGBA): 7000 × 7000 at 16 bits is 381 KB for 392 MB of samples. */
export async function zeroPng(width: number, height: number, bitDepth: 8 | 16): Promise<Buffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bitDepth;
  header[9] = 6; // RGBA
  const row = Buffer.alloc(1 + (width * 4 * bitDepth) / 8); // filter byte 0, then zeros
  const deflate = createDeflate({ level: constants.Z_BEST_COMPRESSION });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(deflate, 'end');
  for (let y = 0; y < height; y += 1) if (!deflate.write(row)) await once(deflate, 'drain');
  deflate.end();
  await ended;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', Buffer.concat(chunks)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A one-page PDF with an object stream (FlateDecode) that unpacks to `unpackedBytes` of zeros:
 * pdf-lib inflates object streams whole while loading, with no limit.
 */
export function objectStreamPdf(unpackedBytes: number): Buffer {
  const content = Buffer.alloc(unpackedBytes, 0x30); // "0000…"
  content.write('5 0 ', 0, 'latin1');
  const packed = deflateSync(content, { level: constants.Z_BEST_COMPRESSION });
  const objects: Buffer[] = [
    Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'),
    Buffer.from('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n'),
    Buffer.from('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n'),
    Buffer.concat([
      Buffer.from(`4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`),
      packed,
      Buffer.from('\nendstream\nendobj\n'),
    ]),
  ];
  const head = Buffer.from('%PDF-1.7\n');
  let offset = head.length;
  const offsets = objects.map((object) => {
    const at = offset;
    offset += object.length;
    return at;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n `),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(offset),
    '%%EOF',
  ].join('\n');
  return Buffer.concat([head, ...objects, Buffer.from(xref + '\n')]);
}

interface Measure {
  answer: string;
  blockedMs: number;
  peakRssMb: number;
  wallMs: number;
}

/** In the child: check one file with the given build of the checks, report the figures as JSON. */
async function measureChild(checksDir: string, file: string, kind: string): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const images = require(join(checksDir, 'image-check.js')) as typeof import('@app/documents');
  const pdfs = require(join(checksDir, 'pdf-check.js')) as typeof import('@app/documents');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const bytes = readFileSync(file);
  let last = performance.now();
  let blockedMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    blockedMs = Math.max(blockedMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const answer =
    kind === 'pdf'
      ? await pdfs.checkPdf(bytes)
      : await images.checkImage(bytes, 'image/png', kind === 'logo' ? images.LOGO_LIMITS : images.EVIDENCE_IMAGE_LIMITS);
  const wallMs = performance.now() - started;
  clearInterval(ticker);
  const measure: Measure = {
    answer: answer.ok ? 'accepted' : answer.problem,
    blockedMs: Math.round(blockedMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    wallMs: Math.round(wallMs),
  };
  console.log(JSON.stringify(measure));
  process.exit(0);
}

const BOMBS = [
  { name: 'PNG 7000×7000 RGBA 16-bit zeros, as evidence', kind: 'evidence' },
  { name: 'PNG 4000×4000 RGBA 16-bit zeros, as logo', kind: 'logo' },
  { name: 'PNG 5000×5000 RGBA 8-bit zeros (largest evidence allowed after), as evidence', kind: 'evidence' },
  { name: 'PDF, object stream unpacking to 512 MB of zeros', kind: 'pdf' },
];

async function bombs(): Promise<Array<{ bytes: Buffer }>> {
  return [
    { bytes: await zeroPng(7000, 7000, 16) },
    { bytes: await zeroPng(4000, 4000, 16) },
    { bytes: await zeroPng(5000, 5000, 8) },
    { bytes: objectStreamPdf(512 * 1024 * 1024) },
  ];
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return measureChild(process.argv[3], process.argv[4], process.argv[5]);
  if (process.argv[2] === '--generate') {
    for (const [index, bomb] of (await bombs()).entries()) writeFileSync(join(process.argv[3], `${index}.bin`), bomb.bytes);
    return;
  }
  const checksDir = resolve(process.argv[2] ?? join(__dirname, '../libs/documents/src'));
  const runs = Number(process.argv[3] ?? 3);
  const directory = mkdtempSync(join(tmpdir(), 'decode-bombs-'));
  // Built in a process of their own: Linux keeps the peak RSS across exec, so the children's
  // figures would start at whatever this process once held.
  spawnSync(process.execPath, [__filename, '--generate', directory], { stdio: 'inherit' });
  console.log(`checks: ${checksDir}; ${runs} runs each, one child process a run; node ${process.version}`);
  for (const [index, bomb] of BOMBS.entries()) {
    const file = join(directory, `${index}.bin`);
    const size = readFileSync(file).length;
    const results: Measure[] = [];
    for (let run = 0; run < runs; run += 1) {
      const child = spawnSync(process.execPath, [__filename, '--child', checksDir, file, bomb.kind], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      const line = child.stdout.trim().split('\n').pop() ?? '';
      if (!line.startsWith('{')) {
        console.log(
          `  ${bomb.name}: the process died (status ${child.status}, signal ${child.signal}): ${child.stderr.split('\n').find((text) => /FATAL|heap/i.test(text)) ?? ''}`,
        );
        continue;
      }
      results.push(JSON.parse(line) as Measure);
    }
    const figures = (key: 'blockedMs' | 'peakRssMb' | 'wallMs'): string => results.map((result) => result[key]).join('/');
    console.log(
      `${bomb.name} (${Math.round(size / 1024)} KB): ${results[0]?.answer ?? '-'}\n` +
        `  event loop blocked at most (ms): ${figures('blockedMs')}; peak RSS (MB): ${figures('peakRssMb')}; answered after (ms): ${figures('wallMs')}`,
    );
  }
}

if (require.main === module) void main();
