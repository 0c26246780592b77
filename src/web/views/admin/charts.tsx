// Small server-rendered SVG charts for the back office. Each chart is one image to assistive
// technology (role="img", named by its <title> and described by a <desc> that states the
// numbers), and the page always shows the same numbers in a table beside it. Series differ by
// pattern as well as colour, and values are written out, so nothing depends on colour alone.

const WIDTH = 640;

export type SeriesStyle = 'solid' | 'hatched' | 'dotted';

export interface StackedRow {
  label: string;
  /** One value per series, in the order of `series`. */
  values: number[];
}

function Patterns(props: { id: string }): JSX.Element {
  return (
    <defs>
      <pattern
        id={`${props.id}-hatched`}
        width="8"
        height="8"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="8" height="8" fill="#ffffff" />
        <line x1="0" y1="0" x2="0" y2="8" stroke="#a34700" stroke-width="4" />
      </pattern>
      <pattern id={`${props.id}-dotted`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#ffffff" />
        <circle cx="3" cy="3" r="1.6" fill="#4a4a4a" />
      </pattern>
    </defs>
  );
}

function fillFor(id: string, style: SeriesStyle): string {
  return style === 'solid' ? '#00456b' : `url(#${id}-${style})`;
}

/** Shortens a label for the chart (the table beside it carries the full text). */
function short(label: string, max = 18): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** Horizontal stacked bars: one row per label, one segment per series, totals written at the end. */
export function StackedBarChart(props: {
  id: string;
  title: string;
  summary: string;
  rows: StackedRow[];
  series: { label: string; style: SeriesStyle }[];
}): JSX.Element {
  const { id, rows, series } = props;
  const labelWidth = 150;
  const valueWidth = 110;
  const barArea = WIDTH - labelWidth - valueWidth;
  const legendHeight = 28;
  const rowHeight = 34;
  const height = legendHeight + rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const legendStep = Math.floor(WIDTH / Math.max(1, series.length));
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`} safe>
        {props.title}
      </title>
      <desc id={`${id}-desc`} safe>
        {props.summary}
      </desc>
      <Patterns id={id} />
      {series.map((s, i) => (
        <g>
          <rect
            x={i * legendStep}
            y="4"
            width="16"
            height="16"
            fill={fillFor(id, s.style)}
            stroke="#1a1a1a"
            stroke-width="1"
          />
          <text x={i * legendStep + 22} y="17" font-size="13" safe>
            {s.label}
          </text>
        </g>
      ))}
      {rows.map((row, r) => {
        const y = legendHeight + r * rowHeight;
        let x = labelWidth;
        return (
          <g>
            <text x="0" y={y + 21} font-size="13" safe>
              {short(row.label)}
            </text>
            {row.values.map((value, i) => {
              const w = (value / max) * barArea;
              const segment =
                value > 0 ? (
                  <rect
                    x={x}
                    y={y + 6}
                    width={w.toFixed(1)}
                    height="22"
                    fill={fillFor(id, series[i]?.style ?? 'solid')}
                    stroke="#1a1a1a"
                    stroke-width="1"
                  />
                ) : (
                  ''
                );
              x += w;
              return segment;
            })}
            <text x={x + 6} y={y + 21} font-size="13" safe>
              {row.values.join(' / ')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Columns over time (one per day) or a line (running total), with the largest value marked on the axis. */
export function TimeChart(props: {
  id: string;
  title: string;
  summary: string;
  points: { label: string; value: number }[];
  kind: 'columns' | 'line';
}): JSX.Element {
  const { id, points } = props;
  const left = 44;
  const right = 12;
  const top = 12;
  const plotHeight = 160;
  const bottom = 28;
  const height = top + plotHeight + bottom;
  const plotWidth = WIDTH - left - right;
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = plotWidth / Math.max(1, points.length);
  const yOf = (v: number) => top + plotHeight - (v / max) * plotHeight;
  const first = points[0]?.label ?? '';
  const last = points[points.length - 1]?.label ?? '';
  const line = points.map((p, i) => `${(left + step * i + step / 2).toFixed(1)},${yOf(p.value).toFixed(1)}`).join(' ');
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`} safe>
        {props.title}
      </title>
      <desc id={`${id}-desc`} safe>
        {props.summary}
      </desc>
      <line x1={left} y1={top} x2={left} y2={top + plotHeight} stroke="#1a1a1a" />
      <line x1={left} y1={top + plotHeight} x2={WIDTH - right} y2={top + plotHeight} stroke="#1a1a1a" />
      <line x1={left - 4} y1={top} x2={WIDTH - right} y2={top} stroke="#c9d1d6" stroke-dasharray="4 4" />
      <text x={left - 8} y={top + 5} text-anchor="end" font-size="13" safe>
        {String(max)}
      </text>
      <text x={left - 8} y={top + plotHeight + 5} text-anchor="end" font-size="13">
        0
      </text>
      {props.kind === 'columns' ? (
        points.map((p, i) =>
          p.value > 0 ? (
            <rect
              x={(left + step * i + Math.min(1, step * 0.15)).toFixed(1)}
              y={yOf(p.value).toFixed(1)}
              width={Math.max(1, step - Math.min(2, step * 0.3)).toFixed(1)}
              height={(top + plotHeight - yOf(p.value)).toFixed(1)}
              fill="#00456b"
            />
          ) : (
            ''
          ),
        )
      ) : (
        <polyline points={line} fill="none" stroke="#00456b" stroke-width="3" stroke-linejoin="round" />
      )}
      <text x={left} y={height - 8} font-size="13" safe>
        {first}
      </text>
      <text x={WIDTH - right} y={height - 8} text-anchor="end" font-size="13" safe>
        {last}
      </text>
    </svg>
  );
}
