/** Small statistics over counted values (a histogram), for reports computed from rollups. */

/**
 * The median of values given with their counts: the middle value, or the mean of the two middle
 * values for an even total (as PostgreSQL's percentile_cont(0.5) over the expanded list). Null when empty.
 */
export function weightedMedian(items: ReadonlyArray<{ value: number; weight: number }>): number | null {
  const sorted = items.filter((item) => item.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, item) => sum + item.weight, 0);
  if (total === 0) return null;
  const at = (position: number): number => {
    let seen = 0;
    for (const item of sorted) {
      seen += item.weight;
      if (seen >= position) return item.value;
    }
    return sorted[sorted.length - 1].value;
  };
  return total % 2 === 1 ? at((total + 1) / 2) : (at(total / 2) + at(total / 2 + 1)) / 2;
}
