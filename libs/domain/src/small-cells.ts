/**
 * Small-cell suppression (statistical secrecy) for tables that count people.
 *
 * A cell counting 1 to K-1 people is *primary*: it is shown as "< K", never as its value. Totals
 * stay published, so hiding one cell of a row is useless (total minus the others gives it back):
 * *complementary* cells are hidden too, the smallest first, until no hidden value can be worked out
 * from the published cells and totals. Zeros are published (they describe nobody) unless one is
 * needed as a complement.
 *
 * The maths: put a node per row and per column whose total is published, and one "ground" node for
 * every line whose total is not; each hidden cell is an edge between its row and its column. A hidden
 * value is fixed by the published sums exactly when its edge is a bridge of that multigraph (it lies
 * on no cycle: values along a cycle can move by ±t alternately without changing any published sum).
 * So a table is protected when the hidden cells form a bridgeless graph.
 */

export const DEFAULT_SMALL_CELL_THRESHOLD = 5;

export interface CountTable {
  /** counts[row][column]; null when the cell does not exist (a commune outside the row's département). */
  cells: ReadonlyArray<ReadonlyArray<number | null>>;
  /** Each row's total is published (or can be computed by the reader from other figures); one flag for all rows or one per row. */
  rowTotals: boolean | readonly boolean[];
  /** Each column's total is published; one flag for all columns or one per column. */
  columnTotals: boolean | readonly boolean[];
}

/** published: shown as is; primary: 1 ≤ value < K; complementary: hidden so that no primary can be recomputed. */
export type CellMark = 'published' | 'primary' | 'complementary';

export interface Suppression {
  /** One mark per cell, null where the cell does not exist. */
  marks: Array<Array<CellMark | null>>;
  /** False only when no choice of hidden cells can protect the table (a line of one cell with a published total). */
  protected: boolean;
}

export function isSmallCount(value: number, threshold: number): boolean {
  return value > 0 && value < threshold;
}

/** How a hidden cell reads: "< 5". */
export function smallCellLabel(threshold: number): string {
  return `< ${threshold}`;
}

export function suppressSmallCells(table: CountTable, threshold: number = DEFAULT_SMALL_CELL_THRESHOLD): Suppression {
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error('the threshold must be a positive integer');
  const graph = new SuppressionGraph(table);
  const marks = table.cells.map((row) =>
    row.map((value): CellMark | null => {
      if (value === null) return null;
      if (!Number.isInteger(value) || value < 0) throw new Error('counts must be non-negative integers');
      return isSmallCount(value, threshold) ? 'primary' : 'published';
    }),
  );
  const hidden = (): boolean[][] => marks.map((row) => row.map((mark) => mark === 'primary' || mark === 'complementary'));

  let isProtected = true;
  for (;;) {
    const bridge = graph.bridges(hidden())[0];
    if (!bridge) break;
    const next = graph.complementFor(bridge, hidden());
    if (!next) {
      isProtected = false;
      break;
    }
    marks[next[0]][next[1]] = 'complementary';
  }
  if (isProtected) {
    // Greedy choices can make earlier ones useless: give back every complement the others make unnecessary, largest first.
    const complements = cellsMarked(marks, 'complementary').sort(
      ([r1, c1], [r2, c2]) => (table.cells[r2][c2] ?? 0) - (table.cells[r1][c1] ?? 0) || r1 - r2 || c1 - c2,
    );
    for (const [row, column] of complements) {
      marks[row][column] = 'published';
      if (graph.bridges(hidden()).length > 0) marks[row][column] = 'complementary';
    }
  }
  return { marks, protected: isProtected };
}

/** Cells of a table that its published figures give away, for a set of hidden cells (empty when protected). */
export function recoverableCells(table: CountTable, hidden: ReadonlyArray<ReadonlyArray<boolean>>): Array<[number, number]> {
  return new SuppressionGraph(table).bridges(hidden).map((bridge) => bridge.cell);
}

function cellsMarked(marks: Array<Array<CellMark | null>>, mark: CellMark): Array<[number, number]> {
  const cells: Array<[number, number]> = [];
  marks.forEach((row, r) => row.forEach((value, c) => value === mark && cells.push([r, c])));
  return cells;
}

interface Edge {
  cell: [number, number];
  from: number;
  to: number;
}

class SuppressionGraph {
  private readonly rows: number;
  private readonly columns: number;
  private readonly ground: number;

  constructor(private readonly table: CountTable) {
    this.rows = table.cells.length;
    this.columns = Math.max(0, ...table.cells.map((row) => row.length));
    this.ground = this.rows + this.columns;
  }

  private rowNode(row: number): number {
    return totalPublished(this.table.rowTotals, row) ? row : this.ground;
  }

  private columnNode(column: number): number {
    return totalPublished(this.table.columnTotals, column) ? this.rows + column : this.ground;
  }

  private edgeOf(row: number, column: number): Edge {
    return { cell: [row, column], from: this.rowNode(row), to: this.columnNode(column) };
  }

  private edges(hidden: ReadonlyArray<ReadonlyArray<boolean>>): Edge[] {
    const edges: Edge[] = [];
    this.table.cells.forEach((row, r) => row.forEach((value, c) => value !== null && hidden[r]?.[c] && edges.push(this.edgeOf(r, c))));
    return edges;
  }

  /** Hidden cells that lie on no cycle (Tarjan's bridges, parallel edges allowed), in table order. */
  bridges(hidden: ReadonlyArray<ReadonlyArray<boolean>>): Edge[] {
    const edges = this.edges(hidden);
    const adjacency = this.adjacency(edges);
    const order = new Array<number>(this.ground + 1).fill(-1);
    const low = new Array<number>(this.ground + 1).fill(0);
    const found: Edge[] = [];
    let time = 0;
    const visit = (node: number, viaEdge: number): void => {
      order[node] = low[node] = time++;
      for (const [neighbour, edgeIndex] of adjacency[node]) {
        if (edgeIndex === viaEdge) continue;
        if (order[neighbour] === -1) {
          visit(neighbour, edgeIndex);
          low[node] = Math.min(low[node], low[neighbour]);
          if (low[neighbour] > order[node]) found.push(edges[edgeIndex]);
        } else {
          low[node] = Math.min(low[node], order[neighbour]);
        }
      }
    };
    for (let node = 0; node <= this.ground; node++) if (order[node] === -1) visit(node, -1);
    return found.sort((a, b) => a.cell[0] - b.cell[0] || a.cell[1] - b.cell[1]);
  }

  /**
   * The cell to hide next so that `bridge` gets closer to lying on a cycle: the cheapest cell joining
   * the two sides the bridge separates, or else the cheapest one growing either side.
   */
  complementFor(bridge: Edge, hidden: boolean[][]): [number, number] | null {
    const edges = this.edges(hidden).filter((edge) => edge.cell[0] !== bridge.cell[0] || edge.cell[1] !== bridge.cell[1]);
    const adjacency = this.adjacency(edges);
    const side = (start: number): Set<number> => {
      const seen = new Set([start]);
      const queue = [start];
      while (queue.length) for (const [next] of adjacency[queue.pop()!]) if (!seen.has(next) && seen.add(next)) queue.push(next);
      return seen;
    };
    const a = side(bridge.from);
    const b = side(bridge.to);
    let joining: [number, number] | null = null;
    let growing: [number, number] | null = null;
    this.table.cells.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value === null || hidden[r][c]) return;
        const { from, to } = this.edgeOf(r, c);
        const cell: [number, number] = [r, c];
        if ((a.has(from) && b.has(to)) || (b.has(from) && a.has(to))) {
          if (cheaper(this.table, cell, joining)) joining = cell;
        } else if ((a.has(from) || b.has(from) || a.has(to) || b.has(to)) && !(inOne(a, b, from) && inOne(a, b, to))) {
          if (cheaper(this.table, cell, growing)) growing = cell;
        }
      }),
    );
    return joining ?? growing;
  }

  private adjacency(edges: Edge[]): Array<Array<[number, number]>> {
    const adjacency: Array<Array<[number, number]>> = Array.from({ length: this.ground + 1 }, () => []);
    edges.forEach((edge, index) => {
      adjacency[edge.from].push([edge.to, index]);
      adjacency[edge.to].push([edge.from, index]);
    });
    return adjacency;
  }
}

export function totalPublished(flags: boolean | readonly boolean[], index: number): boolean {
  return typeof flags === 'boolean' ? flags : (flags[index] ?? false);
}

function inOne(a: Set<number>, b: Set<number>, node: number): boolean {
  return a.has(node) || b.has(node);
}

/** Smallest positive count first; a zero only when nothing else will do (hiding a zero protects little). */
function cheaper(table: CountTable, cell: [number, number], than: [number, number] | null): boolean {
  if (!than) return true;
  const key = ([r, c]: [number, number]): [number, number] => {
    const value = table.cells[r][c] ?? 0;
    return [value === 0 ? 1 : 0, value];
  };
  const [zero, value] = key(cell);
  const [otherZero, otherValue] = key(than);
  return zero !== otherZero ? zero < otherZero : value < otherValue;
}
