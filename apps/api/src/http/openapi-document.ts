/**
 * The API's OpenAPI document: what the controllers' decorators describe, then completed from the
 * routes' access decorators (security) and the one error shape (error answers), with the server
 * of this deployment (PUBLIC_URL). Served at /api/openapi.json, /api/openapi.yaml and /api/docs.
 */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from '@app/identity';
import { accessByOperationId, API_TOKEN_SCHEME, documentAccess, operationId, SESSION_SCHEME } from './openapi-access';
import { documentErrorShape } from './openapi-errors';

export function createOpenApiDocument(app: INestApplication, publicUrl: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.0.3')
      .setTitle('Pass numérique — API')
      .setDescription(
        'Chèques Pass numérique, lieux de médiation qualifiés, encaissement, remboursement et données ouvertes. ' +
          'Every operation says who may call it (**Access:**) and answers its errors as `{ code, message, details }` (the `Error` schema). ' +
          'Guide: docs/api.md in the source repository. Licence AGPL-3.0-or-later.',
      )
      .setVersion('0.1.0')
      .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
      .addServer(publicUrl.replace(/\/$/, ''), 'This deployment (PUBLIC_URL)')
      .addCookieAuth(
        SESSION_COOKIE,
        {
          type: 'apiKey',
          description:
            'The HttpOnly session cookie set by POST /api/auth/login. Writes (POST, PUT, PATCH, DELETE) made with it must carry ' +
            'an Origin (or Referer) header of this deployment, as browsers send: 403 csrf_rejected otherwise.',
        },
        SESSION_SCHEME,
      )
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'pn_…',
          description:
            'An API token (Authorization: Bearer pn_…) created by a manager of your organisation at POST /api/api-tokens, with scopes. ' +
            `Each operation open to tokens lists the scopes it needs in ${'`x-api-token-scopes`'}; a missing one is 403 scope_missing.`,
        },
        API_TOKEN_SCHEME,
      )
      .build(),
    { operationIdFactory: operationId },
  );
  documentAccess(document, accessByOperationId(app));
  documentErrorShape(document);
  return document;
}
