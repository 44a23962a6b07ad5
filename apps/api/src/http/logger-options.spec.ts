import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { ConfigService } from '@nestjs/config';
import pino from 'pino';
import { type Options as PinoHttpOptions, pinoHttp } from 'pino-http';
import { loggerOptions, REDACTED_PATHS } from './logger-options';
import type { RoutedRequest } from './metrics';

describe('log redaction', () => {
  it('never writes credentials: authorization, cookies, passwords, tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({
      req: { headers: { authorization: 'Bearer pn_secret-token', cookie: 'pn_session=secret-cookie' } },
      res: { headers: { 'set-cookie': 'pn_session=secret-cookie; HttpOnly' } },
      body: { email: 'a@b.example', password: 'secret-password' },
      created: { token: 'pn_secret-token' },
    });
    const output = lines.join('');
    expect(output).not.toMatch(/secret/);
    expect(output).toContain('a@b.example');
    expect(output.match(/\[redacted\]/g)).toHaveLength(5);
  });
});

describe('request log line', () => {
  it('is one line at info with method, route pattern, status, duration and request id, and no headers', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = { getOrThrow: () => 'info' } as unknown as ConfigService;
    const options = loggerOptions(config).pinoHttp as PinoHttpOptions;
    const middleware = pinoHttp({ ...options, genReqId: () => 'req-42' }, sink);
    const server = createServer((request, response) => {
      // What the Fastify onRequest hook records (http/metrics.ts).
      (request as RoutedRequest).routePattern = '/api/cheques/:code/status';
      middleware(request, response);
      response.setHeader('set-cookie', 'pn_session=secret-cookie');
      response.setHeader('content-security-policy', "default-src 'self'");
      response.statusCode = 200;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/api/cheques/ABCD-EFGH/status`, {
      headers: { cookie: 'pn_session=secret', 'user-agent': 'test' },
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await waitUntil(() => lines.length > 0);

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 30,
      msg: 'request',
      reqId: 'req-42',
      method: 'GET',
      route: '/api/cheques/:code/status',
      status: 200,
    });
    expect(typeof line.durationMs).toBe('number');
    expect(Object.keys(line).sort()).toEqual([
      'durationMs',
      'hostname',
      'level',
      'method',
      'msg',
      'pid',
      'reqId',
      'route',
      'service',
      'status',
      'time',
    ]);
    expect(lines[0]).not.toMatch(/secret|content-security-policy|user-agent|ABCD-EFGH/);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
