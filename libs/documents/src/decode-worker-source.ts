/**
 * The code the decode worker runs (see decode-worker.ts), as plain CommonJS source evaluated by
 * `new Worker(source, { eval: true })`: the same text runs from dist (node) and from the sources
 * (jest with ts-jest, which cannot hand a .ts file to a worker thread). It only requires packages
 * (pngjs, jpeg-js, pdf-lib, pdfkit) by the absolute paths the parent resolved, loads each on first
 * use, and answers one message per job. Every limit is decided by the caller: the worker decodes.
 *
 * Jobs: { id, kind: 'png' | 'jpeg', bytes, printTest, maxMemoryMb, maxMegapixels }
 *       { id, kind: 'pdf', bytes, maxObjectStreamBytes }
 * Answers: { id, ok: true, pages? } or { id, ok: false, reason }
 * reason: 'damaged' | 'unprintable' | 'not_a_pdf' | 'no_pages' | 'too_complex'
 */
export const DECODE_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const paths = workerData.modules;
const loaded = {};
function load(name) {
  if (!loaded[name]) loaded[name] = require(paths[name]);
  return loaded[name];
}

function embedInThrowawayPdf(bytes) {
  const PDFDocument = load('pdfkit');
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ autoFirstPage: false });
    document.on('data', () => undefined);
    document.on('end', () => resolve());
    document.on('error', reject);
    try {
      document.addPage({ size: 'A4' });
      document.image(bytes, 56, 70, { fit: [160, 80] });
      document.end();
    } catch (error) {
      reject(error);
    }
  });
}

async function checkImage(job) {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  try {
    if (job.kind === 'png') load('pngjs').PNG.sync.read(bytes, { checkCRC: true });
    else
      load('jpeg').decode(bytes, {
        useTArray: true,
        formatAsRGBA: false,
        tolerantDecoding: false,
        maxResolutionInMP: job.maxMegapixels,
        maxMemoryUsageInMB: job.maxMemoryMb,
      });
  } catch (error) {
    // jpeg-js says so when its own memory budget is exceeded: the file is too costly, not damaged.
    if (error && /maxMemoryUsageInMB|memory usage/i.test(String(error.message))) return { ok: false, reason: 'too_complex' };
    return { ok: false, reason: 'damaged' };
  }
  if (!job.printTest) return { ok: true };
  try {
    await embedInThrowawayPdf(bytes);
  } catch {
    return { ok: false, reason: 'unprintable' };
  }
  return { ok: true };
}

// Object and cross-reference streams are what pdf-lib inflates while loading (page contents and
// images stay compressed): inflate them first with zlib, which stops at a budget, so that a few
// kilobytes that unpack to gigabytes are refused before pdf-lib's JavaScript inflate starts.
function objectStreamsWithinBudget(bytes, budget) {
  const text = bytes.toString('latin1');
  let total = 0;
  let from = 0;
  for (;;) {
    const keyword = text.indexOf('stream', from);
    if (keyword < 0) return true;
    from = keyword + 6;
    if (text.startsWith('end', keyword - 3)) continue;
    const objectStart = text.lastIndexOf(' obj', keyword);
    if (objectStart < 0) continue;
    const dictionary = text.slice(objectStart, keyword);
    if (!/\/(ObjStm|XRef)\b/.test(dictionary) || !/\/FlateDecode\b/.test(dictionary)) continue;
    let dataStart = keyword + 6;
    if (text[dataStart] === '\r') dataStart += 1;
    if (text[dataStart] === '\n') dataStart += 1;
    const dataEnd = text.indexOf('endstream', dataStart);
    if (dataEnd < 0) return true;
    from = dataEnd + 9;
    try {
      total += zlib.inflateSync(bytes.subarray(dataStart, dataEnd), { maxOutputLength: budget - total + 1, finishFlush: zlib.constants.Z_SYNC_FLUSH }).length;
    } catch (error) {
      if (error && error.code === 'ERR_BUFFER_TOO_LARGE') return false;
      continue; // damaged data: pdf-lib decides
    }
    if (total > budget) return false;
  }
}

async function checkPdf(job) {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  if (!objectStreamsWithinBudget(bytes, job.maxObjectStreamBytes)) return { ok: false, reason: 'too_complex' };
  let pages;
  try {
    const { PDFDocument } = load('pdflib');
    const document = await PDFDocument.load(bytes, { ignoreEncryption: true, throwOnInvalidObject: true, updateMetadata: false });
    pages = document.getPageCount();
  } catch {
    return { ok: false, reason: 'not_a_pdf' };
  }
  return pages < 1 ? { ok: false, reason: 'no_pages' } : { ok: true, pages };
}

parentPort.on('message', (job) => {
  (job.kind === 'pdf' ? checkPdf(job) : checkImage(job)).then(
    (answer) => parentPort.postMessage({ id: job.id, ...answer }),
    () => parentPort.postMessage({ id: job.id, ok: false, reason: 'damaged' }),
  );
});
`;
