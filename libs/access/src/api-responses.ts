/**
 * OpenAPI descriptions of the answers that are not a JSON DTO: files (PDF, images), text (CSV,
 * XML) and documents served under their own media type (GeoJSON, JSON-LD…). Each names its media
 * types, which must be those the route sends.
 */
import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, getSchemaPath } from '@nestjs/swagger';

/** A media type without its parameters: "text/csv; charset=utf-8" → "text/csv". */
export function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0].trim();
}

/** 200 with a file as it is stored or generated, in one of these media types. */
export const ApiFileResponse = (description: string, contentTypes: readonly string[]): MethodDecorator => {
  const types = contentTypes.map(mediaTypeOf);
  return applyDecorators(
    ApiProduces(...types),
    ApiOkResponse({
      description,
      content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
    }),
  );
};

/** 200 with text (CSV, XML), its first line or so as the example. */
export const ApiTextResponse = (description: string, contentType: string, example: string): MethodDecorator => {
  const type = mediaTypeOf(contentType);
  return applyDecorators(ApiProduces(type), ApiOkResponse({ description, content: { [type]: { schema: { type: 'string', example } } } }));
};

/**
 * 200 with a JSON document served under this media type (application/geo+json…), described by a
 * DTO class or, for a document that follows an outside standard, by a schema.
 */
export const ApiDocumentResponse = (description: string, contentType: string, model: Type | DocumentSchema): MethodDecorator => {
  const type = mediaTypeOf(contentType);
  if (typeof model !== 'function') {
    return applyDecorators(ApiProduces(type), ApiOkResponse({ description, content: { [type]: { schema: model } } }));
  }
  return applyDecorators(
    ApiExtraModels(model),
    ApiProduces(type),
    ApiOkResponse({ description, content: { [type]: { schema: { $ref: getSchemaPath(model) } } } }),
  );
};

/** A plain schema of the OpenAPI document. */
export type DocumentSchema = Record<string, unknown> & { type: 'object' | 'array' | 'string' };
