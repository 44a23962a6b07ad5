import type { ValidationError } from '@nestjs/common';
import { fieldProblems } from './validation';

describe('validation problems', () => {
  it('names nested fields with dotted paths and drops the repeated property name', () => {
    const errors = [
      {
        property: 'address',
        children: [{ property: 'postcode', constraints: { matches: 'postcode must match /^\\d{5}$/' }, children: [] }],
      },
      { property: 'extra', constraints: { whitelistValidation: 'property extra should not exist' }, children: [] },
    ] as ValidationError[];
    expect(fieldProblems(errors)).toEqual([
      { field: 'address.postcode', problems: ['must match /^\\d{5}$/'] },
      { field: 'extra', problems: ['is not an allowed field'] },
    ]);
  });
});
