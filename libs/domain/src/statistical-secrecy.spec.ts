/**
 * The people tables of two dashboard answers, for two overlapping periods of days, audited the way a
 * statistician would: every published figure is the sum of unknown counts (the people of some days in
 * some cell), each a whole number ≥ 0; HiGHS (linear programming) gives, for every group of people the
 * answers describe, the least and the greatest count consistent with everything published. No group of
 * 1 to K-1 people may be pinned inside 1..K-1 (but a whole month's people, whose number is known). The groups: every cell of every stretch of days, every
 * hidden figure, every line's hidden part (attacks a to c: total minus the shown cells) and, cell by
 * cell, the days one period has and the other lacks (attack d: the difference of two answers).
 * Known to the reader as well: each month's number of people (the cheque figures give it).
 */
import fc from 'fast-check';
import loadHighs from 'highs';
import { addDays } from './calendar';
import { type CountTable, isSecret, type PublishedCount, publishCounts, publishOverParts, SECRET } from './small-cells';
import { closedMonthsOf, firstDayOfMonth, lastDayOfMonth } from './whole-months';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'];
const FIRST_DAY = '2026-01-01';
const LAST_DAY = '2026-04-30';

/** Days, inclusive. */
type Span = [string, string];
/** Cells as "row,column". */
interface Figure {
  spans: Span[];
  cells: string[];
  value: PublishedCount;
}

/** People: one cell and one day each. */
interface Person {
  day: string;
  cell: string;
}

interface Shape {
  rows: number;
  columns: number;
  /** Which cells exist (a commune belongs to one département). */
  exists: (r: number, c: number) => boolean;
  kind: 'profile' | 'residence';
}

// ---------------------------------------------------------------- the reader's audit

interface Finding {
  group: string;
  value: number;
  least: number;
  greatest: number;
}

/**
 * Every group of 1 to K-1 people that a reader can pin inside 1..K-1 from the figures (plus each
 * month's total). A group that is a whole month's people is known anyway and not looked at.
 */
function audit(people: Person[], figures: Figure[], groups: Array<{ name: string } & Omit<Figure, 'value'>>, k: number): Finding[] {
  const known: Figure[] = MONTHS.map((month) => {
    const spans: Span[] = [[`${month}-01`, lastDayOfMonth(`${month}-01`)]];
    return { spans, cells: allCells(people, figures), value: people.filter((p) => p.day.startsWith(month)).length };
  });
  const published = [...figures.filter((figure) => !isSecret(figure.value)), ...known];
  // The stretches of days no figure or group splits, times cells: the unknowns.
  const cuts = new Set<string>([FIRST_DAY, addDays(LAST_DAY, 1)]);
  for (const item of [...published, ...groups]) for (const [from, to] of item.spans) cuts.add(from).add(addDays(to, 1));
  const bounds = [...cuts].sort();
  const stretches = bounds.slice(0, -1).map((from, i): Span => [from, addDays(bounds[i + 1], -1)]);
  const cells = allCells(people, figures);
  const unknown = (s: number, cell: string) => `u${s}_${cell.replace(',', '_')}`;
  const unknownsOf = (item: Omit<Figure, 'value'>): string[] =>
    stretches.flatMap((stretch, s) =>
      item.spans.some(([from, to]) => stretch[0] >= from && stretch[1] <= to) ? item.cells.map((cell) => unknown(s, cell)) : [],
    );
  const truth = (item: Omit<Figure, 'value'>): number =>
    people.filter((p) => item.cells.includes(p.cell) && item.spans.some(([from, to]) => p.day >= from && p.day <= to)).length;
  const constraints = published.map((figure, i) => ` f${i}: ${unknownsOf(figure).join(' + ') || '0 u_none'} = ${figure.value as number}`);
  const variables = stretches.flatMap((_, s) => cells.map((cell) => unknown(s, cell)));
  const solve = (sense: 'Maximize' | 'Minimize', target: string[]): number => {
    const model = [sense, ` obj: ${target.join(' + ')}`, 'Subject To', ...constraints, 'Generals', ` ${variables.join(' ')} u_none`, 'End'];
    const result = highs.solve(model.join('\n'), { output_flag: false, presolve: 'off' });
    if (result.Status === 'Unbounded') return Infinity;
    if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
    return Math.round(result.ObjectiveValue);
  };
  // Whole months' people: their number is known anyway.
  const wholeMonths = (target: string[]): boolean => {
    const months = known.map(unknownsOf).filter((month) => month.every((u) => target.includes(u)));
    return target.every((u) => months.some((month) => month.includes(u)));
  };
  const findings: Finding[] = [];
  const everyStretchCell = stretches.flatMap((stretch) =>
    cells.map((cell) => ({ name: `${stretch.join('..')} ${cell}`, spans: [stretch], cells: [cell] })),
  );
  for (const group of [...everyStretchCell, ...groups]) {
    const value = truth(group);
    if (value < 1 || value >= k) continue;
    const target = unknownsOf(group);
    if (wholeMonths(target)) continue;
    const greatest = solve('Maximize', target);
    if (greatest >= k) continue;
    const least = solve('Minimize', target);
    if (least >= 1) findings.push({ group: group.name, value, least, greatest });
  }
  return findings;
}

function allCells(people: Person[], figures: Figure[]): string[] {
  return [...new Set([...people.map((p) => p.cell), ...figures.flatMap((figure) => figure.cells)])].sort();
}

// ---------------------------------------------------------------- what a dashboard answer publishes

/** The shape's lines: each row (and column, for a profile table) with its cells. */
function linesOf(shape: Shape): Array<{ name: string; cells: string[]; kind: 'row' | 'column' }> {
  const rows = Array.from({ length: shape.rows }, (_, r) => ({
    name: `row ${r}`,
    kind: 'row' as const,
    cells: Array.from({ length: shape.columns }, (_, c) => c)
      .filter((c) => shape.exists(r, c))
      .map((c) => `${r},${c}`),
  }));
  if (shape.kind === 'residence') return rows;
  const columns = Array.from({ length: shape.columns }, (_, c) => ({
    name: `column ${c}`,
    kind: 'column' as const,
    cells: Array.from({ length: shape.rows }, (_, r) => `${r},${c}`),
  }));
  return [...rows, ...columns];
}

function countTable(shape: Shape, people: Person[]): CountTable {
  return {
    cells: Array.from({ length: shape.rows }, (_, r) =>
      Array.from({ length: shape.columns }, (_, c) => (shape.exists(r, c) ? people.filter((p) => p.cell === `${r},${c}`).length : null)),
    ),
    rowTotals: 'shown',
    columnTotals: shape.kind === 'profile' ? 'shown' : 'absent',
    grandTotal: 'known',
  };
}

/** The figures of one answer: the people table of the whole closed months the period touches (the dashboard's rule). */
function answer(shape: Shape, people: Person[], from: string, to: string, today: string, k: number): Figure[] {
  const months = closedMonthsOf(from, to, today);
  if (months === null) return [];
  const span: Span = [months.from ?? FIRST_DAY, months.to];
  const parts = MONTHS.filter((month) => `${month}-01` >= span[0] && lastDayOfMonth(`${month}-01`) <= span[1]).map((month) =>
    countTable(
      shape,
      people.filter((p) => p.day.startsWith(month)),
    ),
  );
  const published = publishOverParts(countTable(shape, []), parts, k);
  return figuresOf(shape, published, [span]);
}

function figuresOf(shape: Shape, published: ReturnType<typeof publishCounts>, spans: Span[]): Figure[] {
  const figures: Figure[] = [];
  published.cells.forEach((row, r) => row.forEach((value, c) => value !== null && figures.push({ spans, cells: [`${r},${c}`], value })));
  for (const line of linesOf(shape)) {
    const index = Number(line.name.split(' ')[1]);
    figures.push({ spans, cells: line.cells, value: line.kind === 'row' ? published.rowTotals[index] : published.columnTotals[index] });
  }
  figures.push({
    spans,
    cells: linesOf(shape)
      .filter((line) => line.kind === 'row')
      .flatMap((line) => line.cells),
    value: published.grandTotal,
  });
  return figures;
}

/** Attacks a to d as groups: hidden figures, each line's hidden part, and the days only one of two periods has. */
function groupsOf(shape: Shape, answers: Figure[][], periods: Span[]) {
  const groups: Array<{ name: string; spans: Span[]; cells: string[] }> = [];
  answers.forEach((figures, a) => {
    for (const figure of figures)
      if (isSecret(figure.value)) groups.push({ name: `answer ${a}: hidden ${figure.cells.join(' ')}`, ...figure });
    for (const line of linesOf(shape)) {
      const total = figures.find(
        (figure) => figure.cells.length === line.cells.length && line.cells.every((cell) => figure.cells.includes(cell)),
      );
      if (!total || isSecret(total.value)) continue;
      const hiddenCells = line.cells.filter((cell) =>
        figures.some((figure) => figure.cells.length === 1 && figure.cells[0] === cell && figure.value === SECRET),
      );
      if (hiddenCells.length > 0)
        groups.push({ name: `answer ${a}: ${line.name} minus its shown cells`, spans: total.spans, cells: hiddenCells });
    }
  });
  const [[from1, to1], [from2, to2]] = periods;
  const only = (from: string, to: string, [otherFrom, otherTo]: Span): Span[] =>
    [
      [from, to < otherFrom ? to : addDays(otherFrom, -1)],
      [from > otherTo ? from : addDays(otherTo, 1), to],
    ].filter(([a, b]) => a <= b) as Span[];
  const differences = [...only(from1, to1, [from2, to2]), ...only(from2, to2, [from1, to1])];
  const cellGroups = [...linesOf(shape).map((line) => line.cells), ...linesOf(shape).flatMap((line) => line.cells.map((cell) => [cell]))];
  for (const span of differences)
    for (const cells of cellGroups) groups.push({ name: `days ${span.join('..')} of ${cells.join(' ')}`, spans: [span], cells });
  return groups;
}

// ---------------------------------------------------------------- generated data

const shape = fc.oneof(
  fc
    .record({ rows: fc.integer({ min: 2, max: 3 }), columns: fc.integer({ min: 2, max: 3 }) })
    .map(({ rows, columns }): Shape => ({ rows, columns, kind: 'profile', exists: () => true })),
  fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }).map((sizes): Shape => {
    const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
    const columns = sizes.reduce((a, b) => a + b, 0);
    return {
      rows: sizes.length,
      columns: Math.max(columns, 2),
      kind: 'residence',
      exists: (r, c) => c >= starts[r] && c < starts[r] + sizes[r],
    };
  }),
);
/** A month's count in a cell: often 0, often small, sometimes large. */
const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 12 }));
const day = fc.integer({ min: 0, max: 119 }).map((offset) => addDays(FIRST_DAY, offset));

const world = shape.chain((s) => {
  const cells = Array.from({ length: s.rows }, (_, r) => Array.from({ length: s.columns }, (_, c) => [r, c] as const))
    .flat()
    .filter(([r, c]) => s.exists(r, c));
  return fc
    .record({
      shape: fc.constant(s),
      counts: fc.array(fc.array(count, { minLength: cells.length, maxLength: cells.length }), { minLength: 4, maxLength: 4 }),
      seed: fc.nat(27),
      // Two overlapping periods; today in April (March is the last month over) or in May (April is).
      first: fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as Span),
      shift: fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 })),
      today: fc.constantFrom('2026-04-17', '2026-05-02'),
      k: fc.constantFrom(3, 5),
    })
    .map((w) => {
      const people: Person[] = w.counts.flatMap((month, m) =>
        month.flatMap((n, i) =>
          Array.from({ length: n }, (_, p) => ({
            day: addDays(`${MONTHS[m]}-01`, (w.seed + 7 * p + 3 * i) % 28),
            cell: `${cells[i][0]},${cells[i][1]}`,
          })),
        ),
      );
      const clamp = (d: string) => (d < FIRST_DAY ? FIRST_DAY : d > LAST_DAY ? LAST_DAY : d);
      let second: Span = [clamp(addDays(w.first[0], w.shift[0])), clamp(addDays(w.first[1], w.shift[1]))];
      if (second[0] > second[1]) second = [second[1], second[0]];
      // Overlapping: at least one day in common.
      if (second[1] < w.first[0] || second[0] > w.first[1]) second = [w.first[0], second[1] < w.first[0] ? w.first[0] : second[1]];
      return { ...w, people, periods: [w.first, second] as Span[] };
    });
});

// ---------------------------------------------------------------- the properties and the attacks

describe('statistical secrecy of two answers for overlapping periods', () => {
  it('property: nothing published pins a group of 1 to K-1 people inside 1..K-1 (attacks a to d)', () => {
    let shownAndHidden = 0;
    fc.assert(
      fc.property(world, ({ shape: s, people, periods, today, k }) => {
        const answers = periods.map(([from, to]) => answer(s, people, from, to, today, k));
        expect(audit(people, answers.flat(), groupsOf(s, answers, periods), k)).toEqual([]);
        const values = answers.flat().map((figure) => figure.value);
        if (values.some(isSecret) && values.some((value) => typeof value === 'number' && value >= k)) shownAndHidden++;
      }),
      { numRuns: 40 },
    );
    // Not a vacuous pass: many answers show figures next to hidden ones.
    expect(shownAndHidden).toBeGreaterThan(10);
  });

  it('property: the people figures of two periods a day apart, within a month, are the same', () => {
    // A day that starts another month adds that whole month, itself protected (the auditor above covers it).
    fc.assert(
      fc.property(world, ({ shape: s, people, periods, today, k }) => {
        const [from, to] = periods[0];
        fc.pre(to < LAST_DAY && addDays(to, 1).slice(0, 7) === to.slice(0, 7));
        expect(answer(s, people, from, addDays(to, 1), today, k).map((f) => f.value)).toEqual(
          answer(s, people, from, to, today, k).map((f) => f.value),
        );
      }),
      { numRuns: 30 },
    );
  });

  describe('the audit sees each attack on a naive rule', () => {
    const profile: Shape = { rows: 2, columns: 3, kind: 'profile', exists: () => true };
    /** People of March: the given counts, each person on the 10th. */
    const march = (counts: number[][]): Person[] =>
      counts.flatMap((row, r) => row.flatMap((n, c) => Array.from({ length: n }, () => ({ day: '2026-03-10', cell: `${r},${c}` }))));
    const span: Span[] = [['2026-03-01', '2026-03-31']];
    /** Cells below K hidden, nothing else: totals shown whatever they are. */
    const primaryOnly = (table: CountTable, k: number): ReturnType<typeof publishCounts> => {
      const sum = (values: ReadonlyArray<number | null>) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
      return {
        cells: table.cells.map((row) => row.map((v) => (v !== null && v > 0 && v < k ? SECRET : v))),
        rowTotals: table.cells.map(sum),
        columnTotals: table.cells[0].map((_, c) => sum(table.cells.map((row) => row[c]))),
        grandTotal: sum(table.cells.flat()),
        protected: true,
      };
    };

    it('a: a row total below the threshold is published', () => {
      const people = march([
        [1, 2, 0],
        [10, 12, 9],
      ]);
      const figures = figuresOf(profile, primaryOnly(countTable(profile, people), 5), span);
      expect(audit(people, figures, groupsOf(profile, [figures], [span[0], span[0]]), 5).map((f) => f.group)).toContain(
        'answer 0: row 0 minus its shown cells',
      );
    });

    it('b: a column total of 0 pins the cells of that column, then the others by subtraction', () => {
      const people = march([
        [3, 0, 20],
        [12, 0, 7],
      ]);
      // The old rule's choice: a zero of the empty column as the complement of the 3.
      const published = {
        ...primaryOnly(countTable(profile, people), 5),
        cells: [
          [SECRET, SECRET, 20],
          [12, 0, 7],
        ],
      };
      const figures = figuresOf(profile, published, span);
      expect(audit(people, figures, groupsOf(profile, [figures], [span[0], span[0]]), 5)).toContainEqual(
        expect.objectContaining({ group: 'answer 0: hidden 0,0', least: 3, greatest: 3 }),
      );
    });

    it('c: a hidden commune is the département minus the shown ones', () => {
      const residence: Shape = { rows: 1, columns: 3, kind: 'residence', exists: () => true };
      const people = march([[3, 40, 12]]);
      const published = { ...primaryOnly(countTable(residence, people), 5), cells: [[SECRET, 40, 12]] };
      const figures = figuresOf(residence, published, span);
      expect(audit(people, figures, [], 5)).toContainEqual(expect.objectContaining({ least: 3, greatest: 3 }));
    });

    it('d: two periods of days a day apart, each protected on its own, give that day by difference', () => {
      const people = [
        ...march([
          [0, 9, 9],
          [9, 9, 9],
        ]),
        { day: '2026-03-11', cell: '0,0' },
        { day: '2026-03-11', cell: '0,1' },
      ];
      people.push(...Array.from({ length: 6 }, () => ({ day: '2026-03-05', cell: '0,0' })));
      const exact = (from: string, to: string) =>
        figuresOf(
          profile,
          publishCounts(
            countTable(
              profile,
              people.filter((p) => p.day >= from && p.day <= to),
            ),
            5,
          ),
          [[from, to]],
        );
      const periods: Span[] = [
        ['2026-03-01', '2026-03-10'],
        ['2026-03-01', '2026-03-11'],
      ];
      const answers = periods.map(([from, to]) => exact(from, to));
      const findings = audit(people, answers.flat(), groupsOf(profile, answers, periods), 5);
      expect(findings.map((f) => f.group)).toContain('days 2026-03-11..2026-03-11 of 0,0');
      // The same two periods under the dashboard's rule: one answer for March, nothing found.
      const snapped = periods.map(([from, to]) => answer(profile, people, from, to, '2026-04-17', 5));
      expect(audit(people, snapped.flat(), groupsOf(profile, snapped, periods), 5)).toEqual([]);
    });
  });
});

describe('whole closed months', () => {
  it('widens a period to the months it touches and leaves out the month in progress', () => {
    expect(closedMonthsOf('2026-03-05', '2026-05-12', '2026-06-02')).toEqual({ from: '2026-03-01', to: '2026-05-31', snapped: true });
    expect(closedMonthsOf('2026-03-01', '2026-05-31', '2026-06-02')).toEqual({ from: '2026-03-01', to: '2026-05-31', snapped: false });
    expect(closedMonthsOf(null, '2026-06-02', '2026-06-02')).toEqual({ from: null, to: '2026-05-31', snapped: true });
    expect(closedMonthsOf('2026-06-01', '2026-06-02', '2026-06-02')).toBeNull();
    expect(firstDayOfMonth('2024-02-29')).toBe('2024-02-01');
    expect(lastDayOfMonth('2024-02-10')).toBe('2024-02-29');
  });
});
