// A tiny inline-SVG trend line; `label` is its text alternative (e.g. the forecast in words).

const PAD = 1; // keeps the stroke inside the box at the extremes

export function Sparkline(props: { points: Array<[number, number]>; label: string; width?: number; height?: number }) {
  const { points, label, width = 80, height = 20 } = props;
  if (points.length < 2) return null;
  const times = points.map(([t]) => t);
  const values = points.map(([, v]) => v);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const x = (t: number) => (t1 > t0 ? ((t - t0) / (t1 - t0)) * width : width / 2);
  // A flat series sits mid-height.
  const y = (v: number) => (high > low ? PAD + (1 - (v - low) / (high - low)) * (height - 2 * PAD) : height / 2);
  const drawn = points.map(([t, v]) => `${+x(t).toFixed(1)},${+y(v).toFixed(1)}`).join(' ');
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <title>{label}</title>
      <polyline points={drawn} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
    </svg>
  );
}
