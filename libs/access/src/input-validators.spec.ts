import { plainToInstance } from 'class-transformer';
import { IsArray, IsISO8601, IsOptional, IsString, validateSync } from 'class-validator';
import { BEGINS_LIKE_FORMULA, MAX_PAGE } from '@app/domain';
import { IsCalendarDay, IsInstant, IsInstantInRange, IsPageNumber, IsSpreadsheetSafe, OptionalNotNull } from './input-validators';

class Sample {
  @IsOptional() @IsCalendarDay() day?: string;
  @IsOptional() @IsInstant() at?: Date;
  @IsOptional() @IsISO8601({ strict: true }) @IsInstantInRange() scannedAt?: string;
  @IsOptional() @IsPageNumber() page: number = 1;
  @OptionalNotNull() @IsArray() @IsString({ each: true }) tags?: string[];
  @IsOptional() @IsString() @IsSpreadsheetSafe() name?: string;
  @IsOptional() @IsArray() @IsSpreadsheetSafe({ each: true }) labels?: string[];
}

function problems(plain: Record<string, unknown>): Record<string, string[]> {
  const errors = validateSync(plainToInstance(Sample, plain));
  // Without the property name class-validator starts its own messages with (the pipe names the field).
  return Object.fromEntries(
    errors.map((error) => [
      error.property,
      Object.values(error.constraints ?? {}).map((text) =>
        text.startsWith(`${error.property} `) ? text.slice(error.property.length + 1) : text,
      ),
    ]),
  );
}

describe('shared input validators', () => {
  it('IsCalendarDay: real days from 1900 to 2200 only', () => {
    expect(problems({ day: '2026-11-23' })).toEqual({});
    expect(problems({ day: '2026-02-30' })).toEqual({ day: ['must be a real day from 1900-01-01 to 2200-12-31'] });
    expect(problems({ day: '0000-01-01' })).toEqual({ day: ['must be a real day from 1900-01-01 to 2200-12-31'] });
    expect(problems({ day: '-271821-04-20' })).toEqual({ day: ['must be a date as YYYY-MM-DD'] });
    expect(problems({ day: 'hier' })).toEqual({ day: ['must be a date as YYYY-MM-DD'] });
    expect(problems({ day: 20261123 })).toEqual({ day: ['must be a date as YYYY-MM-DD'] });
  });

  it('IsInstant: turns ISO 8601 text into a Date, refuses impossible and far dates', () => {
    const sample = plainToInstance(Sample, { at: '2026-11-30T23:59:59+01:00' });
    expect(sample.at).toEqual(new Date('2026-11-30T22:59:59Z'));
    expect(validateSync(sample)).toEqual([]);
    expect(problems({ at: '-271821-04-20' })).toEqual({ at: ['must be a real date or instant from 1900-01-01 to 2200-12-31'] });
    expect(problems({ at: '9999-12-31T23:59:59Z' })).toEqual({ at: ['must be a real date or instant from 1900-01-01 to 2200-12-31'] });
    expect(problems({ at: '2026-02-30' })).toEqual({ at: ['must be a real date or instant from 1900-01-01 to 2200-12-31'] });
    expect(problems({ at: 'yesterday' })).toEqual({ at: ['must be an ISO 8601 date or instant'] });
    expect(problems({ at: ['2026-11-23'] })).toEqual({ at: ['must be an ISO 8601 date or instant'] });
  });

  it('IsInstantInRange: an ISO 8601 text whose instant is from 1900 to 2200', () => {
    expect(problems({ scannedAt: '2026-11-23T10:15:00+01:00' })).toEqual({});
    expect(problems({ scannedAt: '1899-12-31T23:00:00Z' })).toEqual({
      scannedAt: ['must be a real date or instant from 1900-01-01 to 2200-12-31'],
    });
  });

  it('IsPageNumber: an integer from 1 to MAX_PAGE, converted from the query text', () => {
    const sample = plainToInstance(Sample, { page: '3' });
    expect(sample.page).toBe(3);
    expect(validateSync(sample)).toEqual([]);
    expect(problems({ page: String(MAX_PAGE) })).toEqual({});
    expect(problems({ page: '1e+21' })).toEqual({ page: [`must not be greater than ${MAX_PAGE}`] });
    expect(problems({ page: '0' })).toEqual({ page: ['must not be less than 1'] });
    expect(problems({ page: '1.5' })).toEqual({ page: ['must be an integer number'] });
  });

  it('OptionalNotNull: a field may be left out, not sent as null', () => {
    expect(problems({})).toEqual({});
    expect(problems({ tags: ['a'] })).toEqual({});
    expect(problems({ tags: null }).tags).toContain('must be an array');
  });

  it('IsSpreadsheetSafe: free text that does not begin like a formula, each item of a list', () => {
    for (const name of ['Médiathèque', '- atelier', '+33556000000', 'Atelier = 2 h']) expect(problems({ name })).toEqual({});
    for (const name of ['=HYPERLINK("https://x.example")', '+33 cmd|x', '@SUM(A1)', '\tx', '\rx', '-cmd|x']) {
      expect(problems({ name })).toEqual({ name: [BEGINS_LIKE_FORMULA] });
    }
    expect(problems({ labels: ['Label', '=1+1'] })).toEqual({ labels: [BEGINS_LIKE_FORMULA] });
    expect(problems({ name: 12 }).name).toEqual(['must be a string']);
  });
});
