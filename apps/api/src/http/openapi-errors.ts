/**
 * The error shape in the OpenAPI document: one `Error` schema (every refusal of the API has it,
 * http/domain-error.filter.ts), referenced by every error answer an operation describes, plus the
 * answers every operation may give (400 when it takes input, 401 and 403 when it is not public,
 * and the `4XX` and `5XX` catch-alls).
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from '@app/domain';
import { httpStatusOf } from './domain-error.filter';

export type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Exclude<OperationObject['responses'][string], { $ref: string } | undefined>;

export const ERROR_SCHEMA_REF = '#/components/schemas/Error';

/** The codes answered with a status, in the order of ERROR_CODES. */
function codesOf(status: number): ErrorCode[] {
  return ERROR_CODES.filter((code) => httpStatusOf(code) === status);
}

function codeTable(): string {
  const rows = ERROR_CODES.map((code) => `| \`${code}\` | ${httpStatusOf(code)} |`);
  return ['| code | HTTP status |', '| --- | --- |', ...rows].join('\n');
}

const ERROR_SCHEMA = {
  type: 'object',
  description: `Every refusal and failure of the API, whatever the route. The code says why and fixes the status:\n\n${codeTable()}`,
  required: ['code', 'message', 'details'],
  additionalProperties: false,
  properties: {
    code: {
      type: 'string',
      enum: [...ERROR_CODES],
      description: 'Stable error code (clients switch on it); the HTTP status follows from it.',
    },
    message: { type: 'string', description: 'A sentence in English for developers (the web app words its own French).' },
    details: {
      description:
        'Always present; null when code and message say it all. validation_failed: a list of { field, problems }; ' +
        'a refusal (409 conflict or invalid_transition): an object whose `code` is the stable reason (with `fields` when one field is at fault); ' +
        'too_many_requests: { retryAfterSeconds } where the limit is per account or address.',
    },
  },
  example: {
    code: 'validation_failed',
    message: 'The request has invalid fields',
    details: [{ field: 'email', problems: ['must be an email address'] }],
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export function operationsOf(document: OpenAPIObject): Array<{ method: string; path: string; operation: OperationObject }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ method, path, operation: item[method] }] : [])),
  );
}

function errorContent(): ResponseObject['content'] {
  return { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } };
}

function answer(description: string): ResponseObject {
  return { description, content: errorContent() };
}

const listed = (codes: ErrorCode[]): string => codes.map((code) => `\`${code}\``).join(', ');

export function documentErrorShape(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA as never } };
  for (const { operation } of operationsOf(document)) {
    const responses = (operation.responses ??= {});
    // The error answers a controller describes (409 and its reasons, 429…) get the shape too.
    for (const [status, response] of Object.entries(responses)) {
      if (!response || !/^[45]/.test(status) || '$ref' in response) continue;
      response.content ??= errorContent();
    }
    const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
    if (takesInput) {
      responses['400'] ??= answer(`Bad input (${listed(codesOf(400))}): \`details\` names each field and its problems`);
    }
    if (operation.security?.length) {
      responses['401'] ??= answer(`Not signed in, or the API token is unknown, revoked or expired (${listed(codesOf(401))})`);
      responses['403'] ??= answer(
        `Signed in but not allowed: a role or organisation that may not, an API token without the scope, or a write with a session cookie from another site (${listed(codesOf(403))})`,
      );
    }
    responses['4XX'] ??= answer('Refused: the error shape, with the code saying why');
    responses['5XX'] ??= answer(
      'Failed on the server side (`internal_error`) or unavailable for a moment (`service_unavailable`, with Retry-After)',
    );
  }
}
