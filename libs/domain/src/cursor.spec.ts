import fc from 'fast-check';
import { decodeCursor, encodeCursor, keysetSlice } from './cursor';
import { DomainError } from './domain-error';

describe('cursors', () => {
  it('give back the sort key they carry, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500, unit: 'binary' }), fc.uuid(), (name, id) => {
        expect(decodeCursor(encodeCursor([name, id]), ['text', 'uuid'])).toEqual([name, id]);
      }),
    );
  });

  it('keep PostgreSQL instants to the microsecond and refuse what no list gave, naming the field', () => {
    const instant = '2026-12-08 09:15:00.123456+00';
    expect(decodeCursor(encodeCursor([instant, '42']), ['instant', 'integer'])).toEqual([instant, '42']);
    for (const bad of ['', 'n0t*base64', encodeCursor(['1']), encodeCursor(['x', '1']), Buffer.from('{"k":1}').toString('base64url')]) {
      let refused: unknown;
      try {
        decodeCursor(bad, ['integer', 'integer']);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).details).toEqual([{ field: 'cursor', problems: [expect.stringContaining('not a cursor')] }]);
    }
  });

  it('point past the last item only when a further row proves a next page', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(keysetSlice(rows, 3, (row) => [row.id])).toEqual({ items: rows, nextCursor: null });
    expect(keysetSlice(rows, 2, (row) => [row.id])).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor(['b']) });
  });
});
