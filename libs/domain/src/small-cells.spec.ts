// The suppression rule on single tables; its bounds are checked against HiGHS, a linear-programming solver.
import fc from 'fast-check';
import loadHighs from 'highs';
import {
  addPublishedTables,
  boundsOfHidden,
  type CountTable,
  isSecret,
  type MarginKind,
  publishCounts,
  type PublishedCount,
  type PublishedTable,
  SECRET,
} from './small-cells';

const K = 5;
type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const S = SECRET;

/** Every figure of a table, cells then row totals, column totals and the grand total, each as the cells it adds up. */
function figuresOf(table: CountTable, published: PublishedTable) {
  const columns = Math.max(...table.cells.map((row) => row.length));
  const cell = (r: number, c: number) => `x${r}_${c}`;
  const exists = (r: number, c: number) => table.cells[r][c] !== null && table.cells[r][c] !== undefined;
  const figures: Array<{ cells: string[]; value: number; shown: boolean; margin: MarginKind | 'cell' }> = [];
  table.cells.forEach((row, r) =>
    row.forEach(
      (value, c) => value !== null && figures.push({ cells: [cell(r, c)], value, shown: !isSecret(published.cells[r][c]), margin: 'cell' }),
    ),
  );
  const line = (cells: string[], value: number, figure: PublishedCount, margin: MarginKind) =>
    figures.push({ cells, value, shown: margin === 'known' || (margin === 'shown' && !isSecret(figure)), margin });
  table.cells.forEach((row, r) => {
    const cells = row.map((_, c) => c).filter((c) => exists(r, c));
    line(
      cells.map((c) => cell(r, c)),
      cells.reduce((sum, c) => sum + table.cells[r][c]!, 0),
      published.rowTotals[r],
      table.rowTotals,
    );
  });
  for (let c = 0; c < columns; c++) {
    const rows = table.cells.map((_, r) => r).filter((r) => exists(r, c));
    line(
      rows.map((r) => cell(r, c)),
      rows.reduce((sum, r) => sum + table.cells[r][c]!, 0),
      published.columnTotals[c],
      table.columnTotals,
    );
  }
  const all = figures.filter((figure) => figure.margin === 'cell').flatMap((figure) => figure.cells);
  line(
    all,
    figures.filter((figure) => figure.margin === 'cell').reduce((sum, figure) => sum + figure.value, 0),
    published.grandTotal,
    table.grandTotal,
  );
  return figures;
}

/** The least and greatest value of a sum of cells, given the shown figures, by linear programming over whole numbers. */
function lpBounds(figures: ReturnType<typeof figuresOf>, target: string[]): { least: number; greatest: number } {
  const variables = [...new Set(figures.flatMap((figure) => figure.cells))];
  const constraints = figures
    .filter((figure) => figure.shown && figure.cells.length > 0)
    .map((figure, index) => ` c${index}: ${figure.cells.join(' + ')} = ${figure.value}`);
  const solve = (sense: 'Maximize' | 'Minimize'): number => {
    const model = [sense, ` obj: ${target.join(' + ')}`, 'Subject To', ...constraints, 'Generals', ` ${variables.join(' ')}`, 'End'].join(
      '\n',
    );
    const result = highs.solve(model, { output_flag: false, presolve: 'off' });
    if (result.Status === 'Unbounded') return Infinity;
    if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
    return Math.round(result.ObjectiveValue);
  };
  return { least: solve('Minimize'), greatest: solve('Maximize') };
}

/** Counts with many zeros and small values, some large. */
const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 40 }));
const margin = fc.constantFrom<MarginKind>('shown', 'known', 'absent');
const twoWay = fc.record({ rows: fc.integer({ min: 1, max: 4 }), columns: fc.integer({ min: 1, max: 4 }) }).chain(({ rows, columns }) =>
  fc.record({
    cells: fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
    rowTotals: margin,
    columnTotals: margin,
    grandTotal: margin,
  }),
);
/** Communes (one column each, no total) grouped by département (rows, their totals shown), with the grand total. */
const hierarchy = fc.array(fc.array(count, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((groups): CountTable => {
  const width = groups.reduce((sum, group) => sum + group.length, 0);
  let offset = 0;
  const cells = groups.map((group) => {
    const row: Array<number | null> = new Array<number | null>(width).fill(null);
    group.forEach((value, index) => (row[offset + index] = value));
    offset += group.length;
    return row;
  });
  return { cells, rowTotals: 'shown', columnTotals: 'absent', grandTotal: 'known' };
});
const anyTable = fc.oneof(twoWay, hierarchy);

describe('small-cell suppression', () => {
  it('hides the small cell, the small totals and enough others that the small cell may be 5 or more', () => {
    const table: CountTable = {
      cells: [
        [2, 20, 30],
        [15, 25, 35],
        [40, 50, 60],
      ],
      rowTotals: 'shown',
      columnTotals: 'shown',
      grandTotal: 'known',
    };
    const published = publishCounts(table, K);
    expect(published.cells).toEqual([
      [S, S, 30],
      [S, S, 35],
      [40, 50, 60],
    ]);
    expect([published.rowTotals, published.columnTotals, published.grandTotal]).toEqual([[52, 75, 150], [57, 95, 125], 277]);
    expect(boundsOfHidden(table, published, K)[0]).toEqual({ least: 0, greatest: 17 });
  });

  it('attack a: a row or column total below the threshold is hidden, and protected in turn', () => {
    const table: CountTable = {
      cells: [
        [1, 2, 0],
        [10, 12, 9],
        [8, 6, 11],
      ],
      rowTotals: 'shown',
      columnTotals: 'shown',
      grandTotal: 'known',
    };
    const published = publishCounts(table, K);
    expect(published.rowTotals[0]).toBe(S);
    for (const bounds of boundsOfHidden(table, published, K)) expect(bounds.greatest).toBeGreaterThanOrEqual(K);
  });

  it('attack b: a column that adds up to 0 never holds a complement (it would be pinned at 0)', () => {
    const table: CountTable = {
      cells: [
        [3, 0, 20],
        [12, 0, 7],
      ],
      rowTotals: 'shown',
      columnTotals: 'shown',
      grandTotal: 'known',
    };
    const published = publishCounts(table, K);
    expect(published.cells.map((row) => row[1])).toEqual([0, 0]);
    expect(published.cells[0][0]).toBe(S);
    expect(boundsOfHidden(table, published, K).every((bounds) => bounds.greatest >= K)).toBe(true);
  });

  it('attack c: a hidden commune is not the département minus the shown ones', () => {
    const table: CountTable = { cells: [[3, 40, 12]], rowTotals: 'shown', columnTotals: 'absent', grandTotal: 'known' };
    const published = publishCounts(table, K);
    expect(published.cells[0].filter(isSecret)).toHaveLength(2);
    expect(published.cells[0][0]).toBe(S);
  });

  it('a known total of 1 to K-1 cannot protect its cells: every other figure is hidden, each may be 0', () => {
    const table: CountTable = {
      cells: [
        [3, 0],
        [0, 0],
      ],
      rowTotals: 'shown',
      columnTotals: 'shown',
      grandTotal: 'known',
    };
    const published = publishCounts(table, K);
    expect(published.protected).toBe(false);
    expect(published).toMatchObject({
      cells: [
        [S, S],
        [S, S],
      ],
      rowTotals: [S, S],
      columnTotals: [S, S],
      grandTotal: 3,
    });
    expect(boundsOfHidden(table, published, K).every((bounds) => bounds.least === 0)).toBe(true);
  });

  it('adds up tables published on their own: a figure hidden in one part is hidden in the sum', () => {
    const part = (cells: number[][]): PublishedTable =>
      publishCounts({ cells, rowTotals: 'shown', columnTotals: 'shown', grandTotal: 'known' }, K);
    const sum = addPublishedTables([
      part([
        [10, 0],
        [0, 8],
      ]),
      part([
        [6, 7],
        [9, 12],
      ]),
    ]);
    expect(sum).toEqual({
      cells: [
        [16, 7],
        [9, 20],
      ],
      rowTotals: [23, 29],
      columnTotals: [25, 27],
      grandTotal: 52,
      protected: true,
    });
    const withSecret = addPublishedTables([
      sum,
      part([
        [2, 30],
        [30, 30],
      ]),
    ]);
    expect(withSecret.cells[0][0]).toBe(S);
  });

  it('property: the bounds worked out by flows are those of linear programming', () => {
    fc.assert(
      fc.property(anyTable, (table) => {
        const published = publishCounts(table, K);
        const figures = figuresOf(table, published);
        const hidden = figures.filter((figure) => !figure.shown && figure.margin !== 'absent');
        expect(boundsOfHidden(table, published, K)).toEqual(hidden.map((figure) => lpBounds(figures, figure.cells)));
      }),
      { numRuns: 60 },
    );
  });

  it('property: no hidden figure of 1 to K-1 can be pinned below K, unless a known total is that small (then each may be 0)', () => {
    fc.assert(
      fc.property(anyTable, fc.integer({ min: 2, max: 8 }), (table, k) => {
        const published = publishCounts(table, k);
        const figures = figuresOf(table, published);
        const sameGroup = (a: string[], b: string[]) => a.length === b.length && a.every((cell) => b.includes(cell));
        const known = figures.filter((figure) => figure.margin === 'known');
        for (const figure of figures) {
          if (figure.shown || figure.margin === 'absent' || figure.value === 0 || figure.value >= k) continue;
          // The same people as a known total (a table of one cell): nothing to hide.
          if (known.some((total) => sameGroup(total.cells, figure.cells))) continue;
          // Pinned below K by the known totals alone (published elsewhere, e.g. all margins of a small
          // table): what this table publishes cannot hide it, so it is not this rule's to protect.
          const fromKnownAlone = lpBounds(
            figures.map((other) => ({ ...other, shown: other.margin === 'known' })),
            figure.cells,
          );
          if (fromKnownAlone.least > 0 && fromKnownAlone.greatest < k) continue;
          const bounds = lpBounds(figures, figure.cells);
          if (published.protected) expect(bounds.greatest).toBeGreaterThanOrEqual(k);
          else expect(bounds.least === 0 || bounds.greatest >= k).toBe(true);
        }
        // Whatever is shown is 0, K or more, or was known anyway.
        for (const figure of figures)
          if (figure.shown && figure.margin !== 'known') expect(figure.value === 0 || figure.value >= k).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('property: a table without small figures is published whole', () => {
    const big = fc.oneof(fc.constant(0), fc.integer({ min: K, max: 500 }));
    fc.assert(
      fc.property(fc.array(fc.array(big, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (cells) => {
        const table: CountTable = { cells, rowTotals: 'shown', columnTotals: 'shown', grandTotal: 'shown' };
        const rowSums = cells.map((row) => row.reduce((a, b) => a + b, 0));
        fc.pre(
          rowSums.every((sum) => sum === 0 || sum >= K) &&
            [0, 1, 2].every((c) => cells.every((row) => row[c] === 0) || cells.reduce((s, row) => s + row[c], 0) >= K),
        );
        const published = publishCounts(table, K);
        expect(published.cells).toEqual(cells);
      }),
    );
  });
});
