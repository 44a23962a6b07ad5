import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BEGINS_LIKE_FORMULA, NATIONAL_SCHEMA_COLUMNS } from '@app/domain';
import { FREE_TEXT_FIELDS, MULTI_VALUED_FIELDS } from '../domain/place-fields';
import { PlaceFieldsDto } from './place.dto';

describe('the place DTO', () => {
  it('refuses at entry the same free-text fields as the registry (one list, checked both ways)', () => {
    const multiValued: readonly string[] = MULTI_VALUED_FIELDS;
    const refused = NATIONAL_SCHEMA_COLUMNS.filter((field) => {
      const value = multiValued.includes(field) ? ['@SUM(A1:A9)'] : '@SUM(A1:A9)';
      const errors = validateSync(plainToInstance(PlaceFieldsDto, { [field]: value }), { skipMissingProperties: true });
      return errors.some((error) => error.property === field && error.constraints?.isSpreadsheetSafe === BEGINS_LIKE_FORMULA);
    });
    expect(refused.sort()).toEqual([...FREE_TEXT_FIELDS].sort());
  });
});
