import Chart from 'chart.js/auto';
import { useEffect, useRef } from 'react';

export interface Series {
  label: string;
  data: (number | null)[];
  color: string;
}

/** A bar chart on a canvas; the numbers are in the tables beside it, the label says what it shows. */
export function BarChart({
  labels,
  series,
  label,
  stacked = false,
  horizontal = false,
  max,
}: {
  labels: string[];
  series: Series[];
  label: string;
  stacked?: boolean;
  horizontal?: boolean;
  max?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        scales: {
          // From zero on both axes: a bar whose value is under an automatic minimum is cut away.
          x: { stacked, beginAtZero: true, ...(horizontal && max ? { max } : {}) },
          // Counts have whole ticks (no "0.1 tickets"); percentages keep the axis' own.
          y: { stacked, beginAtZero: true, ...(!horizontal && max ? { max } : { ticks: { precision: 0 } }) },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [labels, series, stacked, horizontal, max]);
  // A horizontal chart grows with its rows, so no bar is squeezed out of sight.
  const height = horizontal ? Math.max(200, labels.length * 30 * Math.max(1, series.length) + 80) : undefined;
  return (
    <div className="chart" style={height ? { height } : undefined}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
