/**
 * Latency at a steady rate, in open loop: requests leave at evenly spaced instants whatever the
 * answers (as independent place agents would send them), and each latency counts from the instant
 * the request was due, so a stall also shows in the requests that waited behind it.
 *
 * Why not autocannon's `overallRate`: each of its connections sends its share of the second back to
 * back when the second starts, then waits for the next one, so the server sees a burst at full
 * concurrency every second rather than 500 requests spread over it.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface OpenLoopReport {
  sent: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

export async function openLoopLatency(options: {
  url: string;
  rate: number;
  seconds: number;
  nextRequest: () => { headers: Record<string, string>; body: string };
}): Promise<OpenLoopReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let failed = 0;
  const answered: Array<Promise<void>> = [];

  const send = (due: number): Promise<void> =>
    new Promise((settled) => {
      const { headers, body } = options.nextRequest();
      const outgoing = request(
        options.url,
        { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
        (response) => {
          response.resume();
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) latencies.push(performance.now() - due);
            else failed++;
            settled();
          });
        },
      );
      outgoing.on('error', () => {
        failed++;
        settled();
      });
      outgoing.end(body);
    });

  const start = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      for (; sent < total && start + sent * interval <= now; sent++) answered.push(send(start + sent * interval));
      if (sent < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  await Promise.all(answered);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (share: number): number => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? NaN;
  return { sent, failed, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? NaN };
}
