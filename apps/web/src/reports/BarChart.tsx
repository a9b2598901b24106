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
          x: { stacked, ...(horizontal && max ? { max } : {}) },
          y: { stacked, beginAtZero: true, ...(!horizontal && max ? { max } : {}) },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [labels, series, stacked, horizontal, max]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
