// Small-cell suppression against two attackers written here, independently of the rule's own graph reasoning.
import fc from 'fast-check';
import { type CountTable, recoverableCells, smallCellLabel, suppressSmallCells, totalPublished } from './small-cells';

const K = 5;

type Hidden = boolean[][];

function hiddenOf(table: CountTable, k = K): Hidden {
  return suppressSmallCells(table, k).marks.map((row) => row.map((mark) => mark === 'primary' || mark === 'complementary'));
}

/** What a reader sees: published cells, row and column totals (when published), nothing of hidden cells. */
function published(table: CountTable, hidden: Hidden) {
  const rowTotals = table.cells.map((row) => row.reduce<number>((sum, value) => sum + (value ?? 0), 0));
  const columns = Math.max(...table.cells.map((row) => row.length));
  const columnTotals = Array.from({ length: columns }, (_, c) => table.cells.reduce<number>((sum, row) => sum + (row[c] ?? 0), 0));
  const shown = table.cells.map((row, r) => row.map((value, c) => (value === null || hidden[r][c] ? null : value)));
  return {
    rowTotals: rowTotals.map((total, r) => (totalPublished(table.rowTotals, r) ? total : null)),
    columnTotals: columnTotals.map((total, c) => (totalPublished(table.columnTotals, c) ? total : null)),
    shown,
  };
}

/** Attacker 1, as in the brief: any published line with one hidden cell gives it away; repeat with what was learnt. */
function subtractionAttack(table: CountTable, hidden: Hidden): Map<string, number> {
  const { rowTotals, columnTotals, shown } = published(table, hidden);
  const known = shown.map((row) => [...row]);
  const learnt = new Map<string, number>();
  const lines: Array<{ cells: Array<[number, number]>; total: number }> = [];
  table.cells.forEach((row, r) => {
    const total = rowTotals[r];
    if (total !== null) lines.push({ cells: row.map((_, c) => [r, c] as [number, number]), total });
  });
  columnTotals.forEach((total, c) => {
    if (total !== null)
      lines.push({ cells: table.cells.map((_, r) => [r, c] as [number, number]).filter(([r]) => table.cells[r][c] !== undefined), total });
  });
  for (let progress = true; progress;) {
    progress = false;
    for (const line of lines) {
      const present = line.cells.filter(([r, c]) => table.cells[r][c] !== null);
      const unknown = present.filter(([r, c]) => known[r][c] === null);
      if (unknown.length !== 1) continue;
      const [r, c] = unknown[0];
      known[r][c] = line.total - present.reduce((sum, [i, j]) => sum + (known[i][j] ?? 0), 0);
      learnt.set(`${r},${c}`, known[r][c]!);
      progress = true;
    }
  }
  return learnt;
}

/** Attacker 2: all published sums at once, by linear algebra (a hidden cell is fixed iff its unit vector is in their span). */
function linearAttack(table: CountTable, hidden: Hidden): Array<[number, number]> {
  const unknowns: Array<[number, number]> = [];
  table.cells.forEach((row, r) => row.forEach((value, c) => value !== null && hidden[r][c] && unknowns.push([r, c])));
  const equations: number[][] = [];
  const columns = Math.max(...table.cells.map((row) => row.length));
  table.cells.forEach((_, r) => totalPublished(table.rowTotals, r) && equations.push(unknowns.map(([i]) => (i === r ? 1 : 0))));
  for (let c = 0; c < columns; c++) if (totalPublished(table.columnTotals, c)) equations.push(unknowns.map(([, j]) => (j === c ? 1 : 0)));
  const base = rankModP(equations);
  return unknowns.filter((_, index) => rankModP([...equations, unknowns.map((__, j) => (j === index ? 1 : 0))]) === base);
}

const P = 1_000_003;

function rankModP(input: number[][]): number {
  const m = input.map((row) => [...row]);
  const width = m[0]?.length ?? 0;
  let rank = 0;
  for (let column = 0; column < width && rank < m.length; column++) {
    const pivot = m.findIndex((row, index) => index >= rank && row[column] % P !== 0);
    if (pivot === -1) continue;
    [m[rank], m[pivot]] = [m[pivot], m[rank]];
    const inverse = modPow(((m[rank][column] % P) + P) % P, P - 2);
    for (let index = 0; index < m.length; index++) {
      if (index === rank || m[index][column] % P === 0) continue;
      const factor = (((m[index][column] * inverse) % P) + P) % P;
      for (let j = 0; j < width; j++) m[index][j] = (((m[index][j] - factor * m[rank][j]) % P) + P) % P;
    }
    rank++;
  }
  return rank;
}

function modPow(base: number, exponent: number): number {
  let result = 1n;
  let b = BigInt(base);
  let e = BigInt(exponent);
  const p = BigInt(P);
  while (e > 0n) {
    if (e & 1n) result = (result * b) % p;
    b = (b * b) % p;
    e >>= 1n;
  }
  return Number(result);
}

/** Sparse-ish counts: many zeros and small values, some large. */
const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 60 }));
const twoWayTable = fc
  .record({ rows: fc.integer({ min: 2, max: 6 }), columns: fc.integer({ min: 2, max: 6 }) })
  .chain(({ rows, columns }) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }))
  .map((cells): CountTable => ({ cells, rowTotals: true, columnTotals: true }));
/** A list with its grand total (one row, columns without totals). */
const list = fc
  .array(count, { minLength: 2, maxLength: 12 })
  .map((values): CountTable => ({ cells: [values], rowTotals: true, columnTotals: false }));
/** Communes grouped by département: département subtotals published, each commune only in its own row. */
const grouped = fc.array(fc.array(count, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 4 }).map((groups): CountTable => {
  const width = groups.reduce((sum, group) => sum + group.length, 0);
  let offset = 0;
  const cells = groups.map((group) => {
    const row: Array<number | null> = new Array(width).fill(null);
    group.forEach((value, index) => (row[offset + index] = value));
    offset += group.length;
    return row;
  });
  return { cells, rowTotals: true, columnTotals: false };
});
/**
 * Two levels published at once: départements (column 0, summing to the published grand total) and
 * their communes (one column each, no total of their own); each row's equation ties a département to its communes.
 */
const hierarchy = fc.array(fc.array(count, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 }).map((groups): CountTable => {
  const width = groups.reduce((sum, group) => sum + group.length, 0);
  let offset = 0;
  const cells = groups.map((group) => {
    const row: Array<number | null> = [group.reduce((sum, value) => sum + value, 0), ...new Array<null>(width).fill(null)];
    group.forEach((value, index) => (row[1 + offset + index] = value));
    offset += group.length;
    return row;
  });
  return { cells, rowTotals: true, columnTotals: [true, ...new Array<boolean>(width).fill(false)] };
});
const anyTable = fc.oneof(twoWayTable, list, grouped, hierarchy);

describe('small-cell suppression', () => {
  it('hides a lone small cell with the smallest other cell of its line, and reads "< 5"', () => {
    const table: CountTable = { cells: [[3, 12, 40, 7]], rowTotals: true, columnTotals: false };
    expect(suppressSmallCells(table).marks).toEqual([['primary', 'published', 'published', 'complementary']]);
    expect(smallCellLabel(5)).toBe('< 5');
  });

  it('closes a rectangle in a two-way table with margins', () => {
    const table: CountTable = {
      cells: [
        [2, 20, 30],
        [15, 25, 35],
        [40, 50, 60],
      ],
      rowTotals: true,
      columnTotals: true,
    };
    expect(suppressSmallCells(table).marks).toEqual([
      ['primary', 'complementary', 'published'],
      ['complementary', 'complementary', 'published'],
      ['published', 'published', 'published'],
    ]);
  });

  it('hides nothing when no cell is small, and publishes zeros', () => {
    const table: CountTable = {
      cells: [
        [0, 9],
        [5, 0],
      ],
      rowTotals: true,
      columnTotals: true,
    };
    expect(hiddenOf(table)).toEqual([
      [false, false],
      [false, false],
    ]);
  });

  it('says when a table cannot be protected (one cell per line, totals published)', () => {
    const table: CountTable = { cells: [[2]], rowTotals: true, columnTotals: false };
    expect(suppressSmallCells(table).protected).toBe(false);
  });

  it('property: neither attacker recovers any hidden value', () => {
    fc.assert(
      fc.property(anyTable, (table) => {
        const result = suppressSmallCells(table, K);
        const hidden = hiddenOf(table);
        if (!result.protected) return;
        expect(subtractionAttack(table, hidden).size).toBe(0);
        expect(linearAttack(table, hidden)).toEqual([]);
        expect(recoverableCells(table, hidden)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('property: a two-way table of at least 2 × 2, a list of two cells or more and a two-level hierarchy can always be protected', () => {
    fc.assert(fc.property(fc.oneof(twoWayTable, list, hierarchy), (table) => expect(suppressSmallCells(table, K).protected).toBe(true)));
  });

  it('property: exactly the cells of 1 to K-1 are primary; every complement is needed (showing it gives a value away)', () => {
    fc.assert(
      fc.property(anyTable, fc.integer({ min: 2, max: 10 }), (table, k) => {
        const { marks, protected: isProtected } = suppressSmallCells(table, k);
        table.cells.forEach((row, r) =>
          row.forEach((value, c) => {
            if (value === null) return expect(marks[r][c]).toBeNull();
            expect(marks[r][c] === 'primary').toBe(value >= 1 && value < k);
          }),
        );
        if (!isProtected) return;
        const hidden = marks.map((row) => row.map((mark) => mark === 'primary' || mark === 'complementary'));
        marks.forEach((row, r) =>
          row.forEach((mark, c) => {
            if (mark !== 'complementary') return;
            const shown = hidden.map((line) => [...line]);
            shown[r][c] = false;
            expect(linearAttack(table, shown).length).toBeGreaterThan(0);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('property: nothing is hidden in a table without small cells', () => {
    const big = fc.oneof(fc.constant(0), fc.integer({ min: K, max: 500 }));
    fc.assert(
      fc.property(fc.array(fc.array(big, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (cells) => {
        const table: CountTable = { cells, rowTotals: true, columnTotals: true };
        expect(hiddenOf(table).flat().some(Boolean)).toBe(false);
      }),
    );
  });

  it('the test attackers do find what a naive suppression (small cells only) leaves open', () => {
    const table: CountTable = {
      cells: [
        [2, 20],
        [15, 25],
      ],
      rowTotals: true,
      columnTotals: true,
    };
    const naive = [
      [true, false],
      [false, false],
    ];
    expect(subtractionAttack(table, naive).get('0,0')).toBe(2);
    expect(linearAttack(table, naive)).toEqual([[0, 0]]);
    expect(recoverableCells(table, naive)).toEqual([[0, 0]]);
  });
});
