/**
 * Validation decorators shared by the DTOs of every lib, for input whose rule lives in the domain:
 * dates and instants in the sane range (real days, years 1900 to 2200), page numbers a database
 * can offset by, free text a spreadsheet would not run as a formula. What they refuse answers 400 validation_failed naming the field, like any other
 * class-validator rule, instead of failing later in PostgreSQL.
 */
import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import {
  BEGINS_LIKE_FORMULA,
  beginsLikeFormula,
  FIRST_SANE_DAY,
  isSaneCalendarDay,
  isSaneInstant,
  LAST_SANE_DAY,
  MAX_CURSOR_LENGTH,
  MAX_PAGE,
  parseSaneInstant,
} from '@app/domain';

const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const OUT_OF_RANGE_DAY = `must be a real day from ${FIRST_SANE_DAY} to ${LAST_SANE_DAY}`;
const OUT_OF_RANGE_INSTANT = `must be a real date or instant from ${FIRST_SANE_DAY} to ${LAST_SANE_DAY}`;

/** A calendar day as YYYY-MM-DD that exists (not 2026-02-30), from 1900-01-01 to 2200-12-31. */
export function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDay',
      validator: {
        validate: (value: unknown) => isSaneCalendarDay(value),
        defaultMessage: (args) =>
          typeof args?.value === 'string' && DAY_SHAPE.test(args.value) ? OUT_OF_RANGE_DAY : 'must be a date as YYYY-MM-DD',
      },
    },
    options,
  );
}

/**
 * An ISO 8601 day or instant ("2026-11-23", "2026-11-23T09:15:00+01:00"), turned into a Date:
 * a real one (not 2026-02-30 or 25:00), from 1900 to the end of 2200. Replaces
 * `@Type(() => Date) @IsDate()`, which let `new Date` roll impossible days over and kept any year.
 */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (parseSaneInstant(value) ?? value) : value)),
    ValidateBy(
      {
        name: 'isInstant',
        validator: {
          validate: (value: unknown) => isSaneInstant(value),
          defaultMessage: (args) =>
            typeof args?.value === 'string' && /^[+-]?\d{4,6}-\d{2}-\d{2}/.test(args.value)
              ? OUT_OF_RANGE_INSTANT
              : 'must be an ISO 8601 date or instant',
        },
      },
      options,
    ),
  );
}

/** An ISO 8601 instant kept as text (next to @IsISO8601), whose date falls from 1900 to the end of 2200. */
export function IsInstantInRange(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstantInRange',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isSaneInstant(new Date(value)),
        defaultMessage: () => OUT_OF_RANGE_INSTANT,
      },
    },
    options,
  );
}

/** A page number of a list query: an integer from 1 to MAX_PAGE (converted from the query text). */
export function IsPageNumber(): PropertyDecorator {
  return applyDecorators(
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE),
  );
}

/**
 * The `cursor` of a list that offers cursors (libs/domain/src/cursor.ts): the `nextCursor` of the page
 * before. Its content is checked by the list itself (400 naming `cursor` if it is not one it gave).
 */
export function CursorQuery(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'Read the page after this position: the `nextCursor` of the previous answer. Stable while rows are added or removed (no gap, no duplicate); `page` is then ignored.',
      example: 'WyIyMDI2LTEyLTA4IDA5OjE1OjAwLjEyMzQ1NiswMCIsIjVhMWQ3YzFlLTJkNGItNGE2Yy05YTUzLTFmMGYzZjVlOWIxYSJd',
    }),
    IsOptional(),
    IsString(),
    MaxLength(MAX_CURSOR_LENGTH),
  );
}

/** `nextCursor` in a page's answer (same lists). */
export const NEXT_CURSOR_PROPERTY = {
  description: 'Where the next page starts: pass it as `cursor`; null on the last page.',
  nullable: true,
  type: String,
  example: null,
} as const;

/**
 * May be left out, but not sent as null (unlike @IsOptional, which lets null through): for fields
 * the services read as they are, e.g. lists, where null would reach `.map` or a NOT NULL column.
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}

/**
 * Free text that ends up in CSV exports (names, addresses, descriptions, account holders): refused
 * when it begins like a spreadsheet formula (`=`, `+`, `@`, tab, CR, a glued dash; see
 * spreadsheet-formula.ts). Values that are not strings are left to the field's other rules;
 * `{ each: true }` checks every item of a list.
 */
export function IsSpreadsheetSafe(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSpreadsheetSafe',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !beginsLikeFormula(value),
        defaultMessage: () => BEGINS_LIKE_FORMULA,
      },
    },
    options,
  );
}
