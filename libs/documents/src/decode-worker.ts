/**
 * Decoding an uploaded file (pngjs, jpeg-js, pdf-lib, pdfkit) is CPU-bound and synchronous: on the
 * main thread a crafted file blocked every request (redemptions included) for seconds. Checks run
 * here instead, in one worker thread per process, one check at a time (the others wait in line),
 * with a heap limit and a time limit: a worker that runs out of either is terminated, the check
 * answers `too_complex`, and the next check starts a fresh worker. See ADR 0008 (amendment).
 */
import { Worker } from 'node:worker_threads';
import { DECODE_WORKER_SOURCE } from './decode-worker-source';

export type DecodeJob =
  | { kind: 'png' | 'jpeg'; bytes: Buffer; printTest: boolean; maxMemoryMb: number; maxMegapixels: number }
  | { kind: 'pdf'; bytes: Buffer; maxObjectStreamBytes: number };

export type DecodeFailure = 'damaged' | 'unprintable' | 'not_a_pdf' | 'no_pages' | 'too_complex';
export type DecodeAnswer = { ok: true; pages?: number } | { ok: false; reason: DecodeFailure };

export interface DecodeWorkerLimits {
  /** From the moment the job is handed over (a cold worker's start-up included). */
  timeoutMs: number;
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
}

export const DECODE_WORKER_LIMITS: DecodeWorkerLimits = { timeoutMs: 5_000, maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

const MODULES = {
  pngjs: require.resolve('pngjs'),
  jpeg: require.resolve('jpeg-js'),
  pdflib: require.resolve('pdf-lib'),
  pdfkit: require.resolve('pdfkit'),
};

interface Pending {
  id: number;
  worker: Worker;
  resolve: (answer: DecodeAnswer) => void;
  timer: NodeJS.Timeout;
}

export class DecodeWorker {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private line: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(private readonly limits: DecodeWorkerLimits = DECODE_WORKER_LIMITS) {}

  /** Runs the job after those already in line; never rejects (a worker failure is `too_complex`). */
  run(job: DecodeJob): Promise<DecodeAnswer> {
    const answer = this.line.then(() => this.runNow(job));
    this.line = answer;
    return answer;
  }

  /** Stops the worker (tests, shutdown); a later job starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private runNow(job: DecodeJob): Promise<DecodeAnswer> {
    return new Promise<DecodeAnswer>((resolve) => {
      const worker = this.started();
      const id = this.nextId++;
      const timer = setTimeout(() => this.fail(worker, 'too_complex'), this.limits.timeoutMs);
      this.pending = { id, worker, resolve, timer };
      worker.ref(); // a check under way keeps the process alive; an idle worker does not
      // The bytes are copied to the worker (structured clone): the caller keeps its buffer.
      worker.postMessage({ ...job, id, bytes: new Uint8Array(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength) });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(DECODE_WORKER_SOURCE, {
      eval: true,
      workerData: { modules: MODULES },
      resourceLimits: {
        maxOldGenerationSizeMb: this.limits.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: this.limits.maxYoungGenerationSizeMb,
      },
      stdout: true, // nothing the libraries print reaches the API's log stream
      stderr: true,
    });
    worker.on('message', (message: { id: number } & DecodeAnswer) => {
      const pending = this.pending;
      if (pending?.worker !== worker || pending.id !== message.id) return;
      worker.unref();
      this.settle(message.ok ? { ok: true, pages: message.pages } : { ok: false, reason: message.reason });
    });
    // Out of memory (ERR_WORKER_OUT_OF_MEMORY) or any crash: the check failed because of the file.
    worker.on('error', () => this.fail(worker, 'too_complex'));
    worker.on('exit', () => this.fail(worker, 'too_complex'));
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Ends this worker; its check (if it still has one: a late 'exit' of an old worker has none) is refused. */
  private fail(worker: Worker, reason: DecodeFailure): void {
    if (this.worker === worker) {
      this.worker = null;
      void worker.terminate();
    }
    if (this.pending?.worker === worker) this.settle({ ok: false, reason });
  }

  private settle(answer: DecodeAnswer): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.resolve(answer);
  }
}

/** The process's one decode worker (every upload check goes through it). */
export const decodeWorker = new DecodeWorker();
