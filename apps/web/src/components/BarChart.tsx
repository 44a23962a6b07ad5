/**
 * A horizontal bar chart in plain SVG (no chart library): one group of bars per row, one bar per
 * series. It is a picture of the table printed right after it, which carries the same numbers for
 * screen readers, keyboard users and anyone who prefers figures; hidden small counts draw no bar.
 */
import { useId } from 'react';

export interface BarSeries {
  name: string;
  /** Fill colour: at least 3:1 against white (WCAG 1.4.11). */
  colour: string;
}

export interface BarGroup {
  label: string;
  values: Array<number | null>;
}

const LABEL_WIDTH = 190;
const BAR_AREA = 330;
const BAR_HEIGHT = 14;
const GAP = 10;

export function BarChart({
  title,
  series,
  groups,
  format,
}: {
  title: string;
  series: BarSeries[];
  groups: BarGroup[];
  format: (value: number) => string;
}) {
  const legendId = useId();
  const max = Math.max(1, ...groups.flatMap((group) => group.values.map((value) => value ?? 0)));
  const groupHeight = series.length * BAR_HEIGHT + GAP;
  const height = groups.length * groupHeight + GAP;
  const width = LABEL_WIDTH + BAR_AREA + 90;
  return (
    <figure className="chart">
      {series.length > 1 ? (
        <ul className="chart__legend" id={legendId}>
          {series.map((item) => (
            <li key={item.name}>
              <span className="chart__swatch" style={{ background: item.colour }} aria-hidden="true" />
              {item.name}
            </li>
          ))}
        </ul>
      ) : null}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Graphique en barres : ${title}. Les valeurs sont dans le tableau qui suit.`}
        preserveAspectRatio="xMinYMin meet"
      >
        {groups.map((group, g) => {
          const top = GAP + g * groupHeight;
          return (
            <g key={`${group.label}-${g}`}>
              <text x={LABEL_WIDTH - 8} y={top + (series.length * BAR_HEIGHT) / 2 + 4} textAnchor="end" className="chart__label">
                {group.label.length > 28 ? `${group.label.slice(0, 27)}…` : group.label}
              </text>
              {group.values.map((value, s) => {
                const y = top + s * BAR_HEIGHT;
                const length = value === null ? 0 : (value / max) * BAR_AREA;
                return (
                  <g key={series[s].name}>
                    <rect
                      x={LABEL_WIDTH}
                      y={y + 1}
                      width={Math.max(length, value ? 1 : 0)}
                      height={BAR_HEIGHT - 2}
                      fill={series[s].colour}
                    />
                    <text x={LABEL_WIDTH + length + 4} y={y + BAR_HEIGHT - 3} className="chart__value">
                      {value === null ? '' : format(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
