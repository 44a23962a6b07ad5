/**
 * Everything that turns the Nest application into our HTTP API, shared by main.ts and every
 * e2e test so that tests exercise exactly what runs in production.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { Logger as NestLogger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { DomainError } from '@app/domain';
import { DomainErrorFilter, errorBody } from './http/domain-error.filter';
import { installMetrics } from './http/metrics';
import { createOpenApiDocument } from './http/openapi-document';
import { QuietStartupLogger } from './http/quiet-startup-logger';
import { installRequestInput, requestInputServerOptions } from './http/request-input';
import { createValidationPipe } from './http/validation';
import { findProjectRoot } from './project-root';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Nest's adapter without Nest's own body parsers: ours (http/request-input.ts) take their place. */
class ApiFastifyAdapter extends FastifyAdapter {
  override registerParserMiddleware(): void {
    // JSON with limits, files by route, and no urlencoded forms (installRequestInput).
  }
}

/** Fastify with our request ids (the caller's X-Request-Id if sane), input rules and error shape. */
export function createFastifyAdapter(options: { trustProxy?: false | number | string } = {}): FastifyAdapter {
  return new ApiFastifyAdapter({
    ...requestInputServerOptions,
    trustProxy: options.trustProxy ?? false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Our own pino logger (nestjs-pino) logs requests; Fastify's would double them.
    logger: false,
  });
}

export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(ConfigService);
  app.useLogger(new QuietStartupLogger(app.get(Logger)));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());

  const fastify = app.getHttpAdapter().getInstance();
  // Files arrive as raw bodies (a logo, evidence, a bank statement, a CSV) on the routes that declare
  // them (@AcceptsBody), checked by content in the services.
  installRequestInput(fastify);
  await app.register(fastifyCookie);
  // Security headers, built once (@fastify/helmet rebuilt helmet's middleware on every request).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Plain http in development and tests: do not force https on localhost.
        upgradeInsecureRequests: config.get('NODE_ENV') === 'production' ? [] : null,
      },
    },
    hsts: config.get('NODE_ENV') === 'production',
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  // Answers over 1 kB are compressed for clients that accept it (phones on slow networks): brotli at
  // quality 4 and gzip at level 6 cost a few milliseconds on the largest JSON. Answers that carry their
  // own encoding (the map's kept gzip, the web app's precompressed files) and PDFs pass as they are.
  // Compressed request bodies never get this far: the input gate refuses them (415).
  await app.register(fastifyCompress, { threshold: 1024, encodings: ['br', 'gzip'] });
  // CORS stays closed: the web app is served from the same origin.
  installMetrics(app);

  const document = createOpenApiDocument(app, config.getOrThrow<string>('PUBLIC_URL'));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml' });

  await serveWebApp(app);
}

/** The browser app's static build at "/", with client-side routes falling back to index.html. */
async function serveWebApp(app: NestFastifyApplication): Promise<void> {
  const root = join(findProjectRoot(), 'dist', 'web');
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(join(root, 'index.html'))) {
    new NestLogger('Web').warn(`no web build in ${root}: run "npm run build"`);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // The build writes .br and .gz beside each file (vite.config.ts): sent to clients that accept them.
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      // Hashed file names change with their content: a year, never revalidated. Everything else
      // (index.html, the service worker, app-shell.json) is revalidated on every visit.
      void reply.header('cache-control', isHashedAsset(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  fastify.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      void reply.status(404).send(errorBody(new DomainError('not_found', 'No such route or object')));
      return;
    }
    void reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

/** Vite names the bundled files dist/web/assets/<name>-<hash>.<ext>. */
function isHashedAsset(path: string): boolean {
  return /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(?:\.br|\.gz)?$/.test(path);
}
