/**
 * The error shape in the OpenAPI document: one `Error` schema (every refusal of the API has it,
 * http/domain-error.filter.ts), given as the `4XX` and `5XX` answers of every operation that does
 * not describe its own.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES } from '@app/domain';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'details'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', enum: [...ERROR_CODES], description: 'Stable error code; the HTTP status follows from it.' },
    message: { type: 'string', description: 'A sentence in English for developers (the web app words its own French).' },
    details: {
      nullable: true,
      description:
        'Always present; null when code and message say it all. validation_failed: a list of { field, problems }; a refusal (409): an object whose `code` is the stable reason.',
    },
  },
  example: {
    code: 'validation_failed',
    message: 'The request has invalid fields',
    details: [{ field: 'email', problems: ['must be an email address'] }],
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export function documentErrorShape(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA as never } };
  const answer = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation) continue;
      operation.responses ??= {};
      operation.responses['4XX'] ??= answer('Refused: the error shape, with the code saying why');
      operation.responses['5XX'] ??= answer(
        'Failed on the server side (internal_error) or unavailable for a moment (service_unavailable, with Retry-After)',
      );
    }
  }
}
