/**
 * Statistical secrecy for tables that count people (the rule and its threat model:
 * docs/statistical-secrecy.md).
 *
 * A table is its cells and its margins (row totals, column totals, grand total). A reader knows every
 * figure shown, that counts are whole numbers ≥ 0 and that each line adds up to its total; from that
 * they can bound every hidden figure between a least and a greatest possible value. The rule: a hidden
 * figure of 1 to K-1 people must be able to reach K (nobody can tell it is small). Then no group the
 * reader can total (a line's hidden cells, say) is small either, since each of its members is at most
 * its total.
 *
 * Primary suppression hides every figure, cell or total, of 1 to K-1. Secondary suppression then hides
 * other figures, the smallest first, until every hidden small figure is protected, and gives back
 * those that turn out useless. Every hidden figure reads « secret », the same for both kinds: a label
 * saying "< K" would itself pin the value. When a known total is itself small (a month of 3 people),
 * nothing can protect its figures: every figure but that total is hidden, so that nobody can place
 * any of those people in a row or a column (each hidden figure may then be 0).
 *
 * The maths: with its margins, a table is a network. Nodes are the lines (rows, columns, the row of
 * column totals, the column of row totals); each figure is an arc, and "a line adds up to its total"
 * is flow conservation at its node. Raising a hidden figure by t keeps every published sum only if t
 * units flow back through the other hidden figures, each of which can rise without bound or fall by at
 * most its value: the greatest value is the figure plus a maximum flow, and the least one likewise.
 * The tests check this against a linear-programming solver (statistical-secrecy.spec.ts).
 */

export const DEFAULT_SMALL_CELL_THRESHOLD = 5;

/** How every hidden figure reads, in the API, the CSV, the PDF and the open data. */
export type Secret = 'secret';
export const SECRET: Secret = 'secret';

/**
 * How a table's margins reach the reader. shown: figures of the table, hidden when they must be;
 * known: the reader has them from elsewhere (never hidden); absent: nobody has them.
 */
export type MarginKind = 'shown' | 'known' | 'absent';

export interface CountTable {
  /** counts[row][column]; null where the cell does not exist (a commune outside the row's département). */
  cells: ReadonlyArray<ReadonlyArray<number | null>>;
  rowTotals: MarginKind;
  columnTotals: MarginKind;
  grandTotal: MarginKind;
}

/** A figure as published: its value, or « secret ». */
export type PublishedCount = number | Secret;

export interface PublishedTable {
  /** null where the cell does not exist. */
  cells: Array<Array<PublishedCount | null>>;
  /** Absent margins read « secret » too (nobody sees them). */
  rowTotals: PublishedCount[];
  columnTotals: PublishedCount[];
  grandTotal: PublishedCount;
  /** False when a known total is small: every other figure is then hidden. */
  protected: boolean;
}

export function isSmallCount(value: number, threshold: number): boolean {
  return value > 0 && value < threshold;
}

/**
 * How a known total reads when it is shown: « secret » too when it counts 1 to K-1 people (hiding
 * what the reader has anyway costs nothing, and no figure of 1 to K-1 appears).
 */
export function shownTotal(figure: PublishedCount, threshold: number = DEFAULT_SMALL_CELL_THRESHOLD): PublishedCount {
  return typeof figure === 'number' && isSmallCount(figure, threshold) ? SECRET : figure;
}

export function isSecret(figure: PublishedCount | null): figure is Secret {
  return figure === SECRET;
}

/** Hides what must be hidden in a table of counts of people, cells and totals alike. */
export function publishCounts(table: CountTable, threshold: number = DEFAULT_SMALL_CELL_THRESHOLD): PublishedTable {
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error('the threshold must be a positive integer');
  const network = new SecrecyNetwork(table, threshold);
  const isProtected = network.suppress();
  const shown = (arc: number): PublishedCount => (network.arcs[arc].hidden ? SECRET : network.arcs[arc].value);
  return {
    cells: network.cellArcs.map((row) => row.map((arc) => (arc === null ? null : shown(arc)))),
    rowTotals: network.rowArcs.map(shown),
    columnTotals: network.columnArcs.map(shown),
    grandTotal: shown(network.totalArc),
    protected: isProtected,
  };
}

/**
 * A table that adds up tables published on their own (each month of each programme): a figure is
 * their sum when every one of them shows it, « secret » otherwise. It tells nothing the parts did not.
 */
export function addPublishedTables(parts: readonly PublishedTable[]): PublishedTable {
  if (parts.length === 0) throw new Error('nothing to add up');
  const add = (figures: ReadonlyArray<PublishedCount | null>): PublishedCount | null => {
    if (figures.some((figure) => figure === null)) return null;
    return figures.some(isSecret) ? SECRET : (figures as number[]).reduce((sum, value) => sum + value, 0);
  };
  const [first] = parts;
  return {
    cells: first.cells.map((row, r) => row.map((_, c) => add(parts.map((part) => part.cells[r][c])))),
    rowTotals: first.rowTotals.map((_, r) => add(parts.map((part) => part.rowTotals[r]))!),
    columnTotals: first.columnTotals.map((_, c) => add(parts.map((part) => part.columnTotals[c]))!),
    grandTotal: add(parts.map((part) => part.grandTotal))!,
    protected: parts.every((part) => part.protected),
  };
}

/** What a reader can work out of a hidden figure: its least and greatest possible values. */
export interface Bounds {
  least: number;
  /** Infinity when nothing bounds it. */
  greatest: number;
}

interface Arc {
  from: number;
  to: number;
  value: number;
  /** A figure of the table (not an absent margin). */
  figure: boolean;
  /** May be hidden (shown figures; known margins may not). */
  suppressible: boolean;
  hidden: boolean;
  /** Hidden for another figure's sake (secondary suppression). */
  complement: boolean;
  margin: boolean;
}

interface ResidualEdge {
  to: number;
  capacity: number;
  reverse: number;
}

class SecrecyNetwork {
  readonly arcs: Arc[] = [];
  readonly cellArcs: Array<Array<number | null>>;
  readonly rowArcs: number[];
  readonly columnArcs: number[];
  readonly totalArc: number;
  private readonly nodes: number;

  constructor(
    table: CountTable,
    private readonly threshold: number,
  ) {
    const rows = table.cells.length;
    const columns = Math.max(0, ...table.cells.map((row) => row.length));
    // Nodes: rows 0..rows-1, columns rows..rows+columns-1, the row of column totals, the column of row totals.
    const columnNode = (c: number): number => rows + c;
    const totalsRow = rows + columns;
    const totalsColumn = rows + columns + 1;
    this.nodes = rows + columns + 2;
    const add = (from: number, to: number, value: number, kind: MarginKind | 'cell'): number => {
      if (!Number.isInteger(value) || value < 0) throw new Error('counts must be non-negative integers');
      const figure = kind !== 'absent';
      const suppressible = kind === 'cell' || kind === 'shown';
      const small = figure && suppressible && isSmallCount(value, threshold);
      this.arcs.push({ from, to, value, figure, suppressible, hidden: !figure || small, complement: false, margin: kind !== 'cell' });
      return this.arcs.length - 1;
    };
    const rowSums = table.cells.map((row) => row.reduce<number>((sum, value) => sum + (value ?? 0), 0));
    const columnSums = Array.from({ length: columns }, (_, c) => table.cells.reduce<number>((sum, row) => sum + (row[c] ?? 0), 0));
    // Orientation: a cell flows from its column to its row, a row total from its row to the totals column,
    // a column total from the totals row to its column, the grand total from the totals column to the totals row.
    this.cellArcs = table.cells.map((row, r) =>
      Array.from({ length: columns }, (_, c) => (row[c] === null || row[c] === undefined ? null : add(columnNode(c), r, row[c]!, 'cell'))),
    );
    this.rowArcs = rowSums.map((sum, r) => add(r, totalsColumn, sum, table.rowTotals));
    this.columnArcs = columnSums.map((sum, c) => add(totalsRow, columnNode(c), sum, table.columnTotals));
    this.totalArc = add(
      totalsColumn,
      totalsRow,
      rowSums.reduce((sum, value) => sum + value, 0),
      table.grandTotal,
    );
  }

  /** Secondary suppression; false when some small figure cannot be protected (then every figure but the known ones is hidden). */
  suppress(): boolean {
    for (let arc = this.firstUnprotected(); arc !== null; arc = this.firstUnprotected()) {
      const next = this.complementFor(arc);
      if (next === null) return this.hideEverything();
      this.arcs[next].hidden = true;
      this.arcs[next].complement = true;
    }
    // The greedy choices can make earlier ones useless: give back each complement the others make unnecessary, largest first.
    const complements = this.arcs
      .map((arc, index) => ({ arc, index }))
      .filter(({ arc }) => arc.complement)
      .sort((a, b) => b.arc.value - a.arc.value || b.index - a.index);
    for (const { arc } of complements) {
      arc.hidden = false;
      if (this.firstUnprotected() !== null) arc.hidden = true;
      else arc.complement = false;
    }
    return true;
  }

  private hideEverything(): false {
    for (const arc of this.arcs) if (arc.suppressible) arc.hidden = true;
    return false;
  }

  /** The bounds a reader gets for a hidden figure from everything shown. */
  bounds(arc: number): Bounds {
    const { from, to, value } = this.arcs[arc];
    const unbounded = Number.MAX_SAFE_INTEGER;
    const up = this.maxFlow(arc, to, from, unbounded).flow;
    const down = this.maxFlow(arc, from, to, value).flow;
    return { least: value - down, greatest: up >= unbounded ? Infinity : value + up };
  }

  private isSensitive(arc: Arc): boolean {
    return arc.figure && arc.hidden && isSmallCount(arc.value, this.threshold);
  }

  /** Protected: it may be K or more. */
  private isProtected(index: number): boolean {
    const { from, to, value } = this.arcs[index];
    return this.maxFlow(index, to, from, this.threshold - value).flow >= this.threshold - value;
  }

  private firstUnprotected(): number | null {
    const index = this.arcs.findIndex((arc, i) => this.isSensitive(arc) && !this.isProtected(i));
    return index === -1 ? null : index;
  }

  /**
   * The figure to hide next for `index`: among shown figures crossing a smallest cut that keeps it from
   * rising to K, the smallest, cells before totals; null when no figure crosses it.
   */
  private complementFor(index: number): number | null {
    const { from, to, value } = this.arcs[index];
    const side = this.maxFlow(index, to, from, this.threshold - value).reached;
    let best: number | null = null;
    this.arcs.forEach((arc, candidate) => {
      if (arc.hidden || !arc.suppressible) return;
      const crosses = (side.has(arc.from) && !side.has(arc.to)) || (arc.value > 0 && side.has(arc.to) && !side.has(arc.from));
      if (!crosses) return;
      if (best === null) best = candidate;
      else {
        const current = this.arcs[best];
        if (arc.value < current.value || (arc.value === current.value && !arc.margin && current.margin)) best = candidate;
      }
    });
    return best;
  }

  /**
   * Maximum flow from `source` to `sink` (up to `limit`) through the hidden figures but `skip`: each can
   * rise without bound (an edge along it) or fall by its value (an edge against it). Also returns the
   * nodes still reachable at the end: the source side of a smallest cut.
   */
  private maxFlow(skip: number, source: number, sink: number, limit: number): { flow: number; reached: Set<number> } {
    const graph: ResidualEdge[][] = Array.from({ length: this.nodes }, () => []);
    const edge = (a: number, b: number, capacity: number): void => {
      graph[a].push({ to: b, capacity, reverse: graph[b].length });
      graph[b].push({ to: a, capacity: 0, reverse: graph[a].length - 1 });
    };
    this.arcs.forEach((arc, index) => {
      if (index === skip || !arc.hidden) return;
      edge(arc.from, arc.to, limit);
      if (arc.value > 0) edge(arc.to, arc.from, arc.value);
    });
    let flow = 0;
    for (;;) {
      const via = new Map<number, { node: number; edge: number }>();
      const queue = [source];
      const reached = new Set([source]);
      while (queue.length > 0 && !reached.has(sink)) {
        const node = queue.shift()!;
        graph[node].forEach((next, e) => {
          if (next.capacity > 0 && !reached.has(next.to)) {
            reached.add(next.to);
            via.set(next.to, { node, edge: e });
            queue.push(next.to);
          }
        });
      }
      if (!reached.has(sink) || flow >= limit) return { flow, reached };
      let push = limit - flow;
      for (let node = sink; node !== source; node = via.get(node)!.node) {
        const step = via.get(node)!;
        push = Math.min(push, graph[step.node][step.edge].capacity);
      }
      for (let node = sink; node !== source; node = via.get(node)!.node) {
        const step = via.get(node)!;
        const forward = graph[step.node][step.edge];
        forward.capacity -= push;
        graph[node][forward.reverse].capacity += push;
      }
      flow += push;
    }
  }
}

/** What a reader can work out of each hidden figure of a published table (for tests and audits). */
export function boundsOfHidden(table: CountTable, published: PublishedTable, threshold: number = DEFAULT_SMALL_CELL_THRESHOLD): Bounds[] {
  const network = new SecrecyNetwork(table, threshold);
  const hidden = [
    ...published.cells.flatMap((row, r) => row.map((figure, c) => [network.cellArcs[r][c], figure] as const)),
    ...published.rowTotals.map((figure, r) => [network.rowArcs[r], figure] as const),
    ...published.columnTotals.map((figure, c) => [network.columnArcs[c], figure] as const),
    [network.totalArc, published.grandTotal] as const,
  ];
  for (const [arc, figure] of hidden) if (arc !== null) network.arcs[arc].hidden = isSecret(figure) || !network.arcs[arc].figure;
  return hidden
    .filter(([arc, figure]) => arc !== null && network.arcs[arc].figure && isSecret(figure))
    .map(([arc]) => network.bounds(arc!));
}

/** A table over several months or programmes: each part published on its own, then added up (`empty`: the table's shape, all zeros). */
export function publishOverParts(
  empty: CountTable,
  parts: readonly CountTable[],
  threshold: number = DEFAULT_SMALL_CELL_THRESHOLD,
): PublishedTable {
  return addPublishedTables([empty, ...parts].map((part) => publishCounts(part, threshold)));
}
