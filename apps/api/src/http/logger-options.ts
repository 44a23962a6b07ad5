/** JSON logs with request ids; credentials never reach them. */
import { hostname } from 'node:os';
import type { ConfigService } from '@nestjs/config';
import type { Params } from 'nestjs-pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
];

export function loggerOptions(config: ConfigService): Params {
  return {
    pinoHttp: {
      level: config.getOrThrow<string>('LOG_LEVEL'),
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Fastify already gave the request an id (ours or the caller's X-Request-Id).
      genReqId: (request) => (request as { id?: string }).id ?? '',
      // On every line from the root logger (pino-http's customProps would add a child logger per request).
      base: { pid: process.pid, hostname: hostname(), service: 'pass-numerique-api' },
      autoLogging: { ignore: (request) => request.url === '/api/health' },
    },
  };
}
