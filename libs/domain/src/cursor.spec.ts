import fc from 'fast-check';
import { decodeCursor, encodeCursor, keysetSlice } from './cursor';
import { DomainError } from './domain-error';

describe('cursors', () => {
  it('give back the sort key they carry, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500, unit: 'binary' }), fc.uuid(), (name, id) => {
        fc.pre(!name.includes('\u0000'));
        expect(decodeCursor(encodeCursor('places', [name, id]), 'places', ['text', 'uuid'])).toEqual([name, id]);
      }),
    );
  });

  it('keep PostgreSQL instants to the microsecond and refuse what no list gave, naming the field', () => {
    const instant = '2026-12-08 09:15:00.123456+00';
    expect(decodeCursor(encodeCursor('list', [instant, '42']), 'list', ['instant', 'integer'])).toEqual([instant, '42']);
    for (const bad of [
      '',
      'n0t*base64',
      encodeCursor('list', ['1']),
      encodeCursor('list', ['x', '1']),
      encodeCursor('other list', ['1', '2']),
      encodeCursor('list', ['99999999999999999999', '1']),
      encodeCursor('list', ['9223372036854775808', '1']),
      Buffer.from('{"k":1}').toString('base64url'),
    ]) {
      let refused: unknown;
      try {
        decodeCursor(bad, 'list', ['integer', 'integer']);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).details).toEqual([{ field: 'cursor', problems: [expect.stringContaining('not a cursor')] }]);
    }
  });

  it('refuse instants and texts PostgreSQL would refuse, so a forged cursor is a 400', () => {
    for (const instant of ['2026-13-45 25:61:61+00', '0000-01-01 00:00:00Z', '2026-02-30 10:00:00+00', '2026-12-08 10:00:00+99']) {
      expect(() => decodeCursor(encodeCursor('list', [instant]), 'list', ['instant'])).toThrow(DomainError);
    }
    expect(() => decodeCursor(encodeCursor('list', ['a\u0000b']), 'list', ['text'])).toThrow(DomainError);
    expect(decodeCursor(encodeCursor('list', ['2024-02-29 23:59:59.999999-05']), 'list', ['instant'])).toEqual([
      '2024-02-29 23:59:59.999999-05',
    ]);
  });

  it('point past the last item only when a further row proves a next page', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(keysetSlice(rows, 3, 'list', (row) => [row.id])).toEqual({ items: rows, nextCursor: null });
    expect(keysetSlice(rows, 2, 'list', (row) => [row.id])).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor('list', ['b']) });
  });
});
