/**
 * The `format` query parameter of the CSV routes that offer a French spreadsheet's format
 * (csv-writer.ts in libs/domain): absent means the default, anything unknown answers 400
 * validation_failed naming `format`.
 */
import { applyDecorators, type PipeTransform, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CSV_FORMAT_PROBLEM, CSV_FORMATS, type CsvFormat, DomainError, isCsvFormat } from '@app/domain';

const DESCRIPTION =
  'rfc4180 (default): comma-separated, decimal point, as the open data. excel-fr: for French spreadsheet software, ' +
  'semicolon-separated with a decimal comma. Both UTF-8 with a BOM; cells a spreadsheet would run as a formula begin with an apostrophe.';

const FORMAT_PARAMETER = { enum: CSV_FORMATS, default: 'rfc4180', description: DESCRIPTION, example: 'excel-fr' } as const;

class CsvFormatPipe implements PipeTransform<unknown, CsvFormat> {
  transform(value: unknown): CsvFormat {
    if (value === undefined) return 'rfc4180';
    if (isCsvFormat(value)) return value;
    throw DomainError.validation([{ field: 'format', problems: [CSV_FORMAT_PROBLEM] }]);
  }
}

/** The route's `?format=` as a parameter (other query parameters stay ignored), documented in the OpenAPI. */
export const CsvFormatQuery = (): ParameterDecorator => Query('format', new CsvFormatPipe());

export const ApiCsvFormatQuery = (): MethodDecorator => applyDecorators(ApiQuery({ name: 'format', required: false, ...FORMAT_PARAMETER }));

/** The same parameter as a field of a route's query DTO. */
export const CsvFormatField = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional(FORMAT_PARAMETER), IsOptional(), IsIn(CSV_FORMATS, { message: CSV_FORMAT_PROBLEM }));
