import type { SlaReportRow } from '@portals/domain';
import { useId } from 'react';

const width = 640;
const height = 220;
const margin = { top: 16, right: 16, bottom: 40, left: 40 };

/**
 * First responses achieved and breached per month, all tiers and severities together, as stacked bars in
 * plain SVG. The table beside it holds every figure; the chart is a picture of it, described in its title.
 */
export function SlaChart({ rows }: { rows: readonly SlaReportRow[] }) {
  const titleId = useId();
  const months = [...new Set(rows.map((row) => row.month))].sort();
  const totals = months.map((month) => {
    const ofMonth = rows.filter((row) => row.month === month);
    return {
      month,
      achieved: ofMonth.reduce((sum, row) => sum + row.firstResponse.achieved, 0),
      breached: ofMonth.reduce((sum, row) => sum + row.firstResponse.breached, 0),
    };
  });
  const highest = Math.max(1, ...totals.map((total) => total.achieved + total.breached));
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const band = plotWidth / Math.max(1, months.length);
  const barWidth = Math.min(48, band * 0.6);
  const y = (value: number) => (value / highest) * plotHeight;
  const description = totals
    .map((total) => `${total.month}: ${total.achieved} achieved, ${total.breached} breached`)
    .join('; ');
  return (
    <figure className="sla-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>First responses per month. {description}</title>
        <line
          x1={margin.left}
          x2={width - margin.right}
          y1={height - margin.bottom}
          y2={height - margin.bottom}
          className="sla-chart-axis"
        />
        <text x={margin.left - 6} y={margin.top + 4} textAnchor="end" className="sla-chart-label">
          {highest}
        </text>
        {totals.map((total, index) => {
          const x = margin.left + band * index + (band - barWidth) / 2;
          const achievedHeight = y(total.achieved);
          const breachedHeight = y(total.breached);
          const base = height - margin.bottom;
          return (
            <g key={total.month}>
              <rect
                x={x}
                y={base - achievedHeight}
                width={barWidth}
                height={achievedHeight}
                className="sla-chart-achieved"
              />
              <rect
                x={x}
                y={base - achievedHeight - breachedHeight}
                width={barWidth}
                height={breachedHeight}
                className="sla-chart-breached"
              />
              <text x={x + barWidth / 2} y={base + 16} textAnchor="middle" className="sla-chart-label">
                {total.month}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="sla-chart-key sla-chart-achieved-key">Achieved</span>{' '}
        <span className="sla-chart-key sla-chart-breached-key">Breached</span> — first responses, by the month
        tickets were opened
      </figcaption>
    </figure>
  );
}
