// One uPlot chart with what uPlot leaves to us: colours from the page's theme,
// a readout of the time and values under the cursor in the page's language, and
// a keyboard: the chart is a slider whose value text is that readout, so arrow
// keys walk along it and a screen reader hears each point.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_DRAWN, type Point } from './history-data';

export interface ChartSeries {
  label: string;
  /** Index into the theme's chart palette (--chart-0 … --chart-9); -1 the marks' colour, -2 "other accounts". */
  color: number;
  values: Point[];
  kind: 'line' | 'bars' | 'marks';
  /** Lines of one account share its colour; the second, third... are dashed, dotted... */
  variant?: number;
}

export const DASHES: number[][] = [[], [7, 4], [2, 3], [10, 3, 2, 3]];

export interface ChartSpec {
  /** The chart's name for assistive technology: "Balance, USD". */
  label: string;
  x: number[];
  series: ChartSeries[];
  /** A fixed y range (percent charts); otherwise fitted to the data. */
  yRange?: [number, number];
  axisY: (value: number) => string;
  /** An x axis label; `step` is the seconds between labels (a day's labels need no time). */
  axisX: (seconds: number, step: number) => string;
  /** The readout at grid point `index`: time and values in words. */
  readout: (index: number) => string;
  /** Where the cursor starts: the newest point with data. */
  start: number;
  /** The x axis from and to (epoch seconds): every chart of a range spans the same time, so days line up. */
  xRange: [number, number];
  height?: number;
}

/** One width for every y axis on the page, so every chart's plot starts at the same x. */
const Y_AXIS_WIDTH = 76;

const PALETTE = 10;

function optionsFor(spec: ChartSpec, width: number, onCursor: (index: number | null) => void): uPlot.Options {
  // The theme read once per chart, not once per series.
  const styles = getComputedStyle(document.documentElement);
  const themeColor = (name: string, fallback: string) => styles.getPropertyValue(name).trim() || fallback;
  const axis = themeColor('--muted', '#5f6368');
  const grid = themeColor('--line', '#dadce0');
  // -1: the marks' colour (the text's); -2: "other accounts" (muted).
  const color = (i: number) =>
    i === -1 ? themeColor('--fg', '#1f1f1f') : i < 0 ? themeColor('--muted', '#5f6368') : themeColor(`--chart-${i % PALETTE}`, '#1565c0');
  // A year of days leaves a bar about 2 px: drawn 1 px wide it is the rasteriser's fast path (9 stacks of 366
  // bars: 29 ms against 150-240 ms at 2 px, headless Chromium), and looks the same at that density.
  const bars = uPlot.paths.bars!({ size: spec.x.length > 200 ? [0.5, 1] : [0.7, 48], align: 0 });
  // Many lines are drawn one pixel wide: a hairline is the rasteriser's fast path (100 lines of a year's
  // points: 10 ms against 100 ms at 1.75 px, headless Chromium), and thin lines are what a dense chart needs.
  const lineWidth = spec.series.filter((series) => series.kind === 'line').length > 12 ? 1 : 1.75;
  return {
    width,
    height: spec.height ?? 220,
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 7 } },
    scales: { x: { time: true, range: () => spec.xRange }, y: spec.yRange ? { range: spec.yRange } : { range: (_u, min, max) => padded(min, max) } },
    axes: [
      { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, values: (_u, splits) => splits.map((split) => spec.axisX(split, (splits[1] ?? split + 86_400) - (splits[0] ?? split))), space: 72 },
      {
        stroke: axis,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid },
        values: (_u, splits) => splits.map(spec.axisY),
        size: Y_AXIS_WIDTH,
      },
    ],
    series: [
      {},
      ...spec.series.map((series): uPlot.Series => {
        const stroke = color(series.color);
        if (series.kind === 'bars') return { label: series.label, stroke, fill: stroke, width: 0, paths: bars, points: { show: false } };
        if (series.kind === 'marks') {
          return {
            label: series.label,
            stroke,
            fill: themeColor('--bg', '#fff'),
            paths: () => null,
            points: { show: true, size: 9, width: 2, stroke, fill: themeColor('--bg', '#fff') },
          };
        }
        const dash = DASHES[(series.variant ?? 0) % DASHES.length]!;
        return { label: series.label, stroke, width: lineWidth, points: { show: false }, spanGaps: false, ...(dash.length ? { dash } : {}) };
      }),
    ],
    hooks: {
      setCursor: [(u) => onCursor(u.cursor.idx ?? null)],
      // For `npm run bench`: when the page has drawn a chart (issue 21's "first chart painted").
      draw: [() => performance.mark(CHART_DRAWN)],
    },
  };
}

/** A fitted range with a little room, never a flat line at an edge; one value gets a band around it. */
function padded(min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null) return [0, 1];
  if (min === max) return min === 0 ? [0, 1] : [min - Math.abs(min) * 0.1, max + Math.abs(max) * 0.1];
  const room = (max - min) * 0.08;
  return [min >= 0 && min - room < 0 ? 0 : min - room, max + room];
}

const toData = (spec: ChartSpec): uPlot.AlignedData =>
  [spec.x, ...spec.series.map((series) => series.values as Array<number | null | undefined>)] as uPlot.AlignedData;

export function Chart({ spec, scheme }: { spec: ChartSpec; scheme: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [index, setIndex] = useState(spec.start);
  // Once the user has moved along the chart, a new reading landing keeps their place (when it still exists).
  const moved = useRef(false);

  // Made before the browser paints (not after, as useEffect would): the new range's charts show in the frame
  // that shows the new range.
  useLayoutEffect(() => {
    const element = host.current!;
    const made = new uPlot(optionsFor(spec, Math.max(280, element.clientWidth), (i) => i !== null && setIndex(i)), toData(spec), element);
    plot.current = made;
    setIndex((current) => (moved.current && current < spec.x.length ? current : spec.start));
    // Only a new width redraws: the observer also calls back once right away, at the width just drawn.
    let width = made.width;
    const resize = new ResizeObserver(() => {
      const next = Math.max(280, element.clientWidth);
      if (next !== width) made.setSize({ width: (width = next), height: spec.height ?? 220 });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      made.destroy();
      plot.current = null;
    };
  }, [spec, scheme]);

  const moveTo = (next: number) => {
    moved.current = true;
    const u = plot.current;
    const clamped = Math.max(0, Math.min(spec.x.length - 1, next));
    setIndex(clamped);
    if (u) u.setCursor({ left: u.valToPos(spec.x[clamped]!, 'x'), top: u.bbox.height / devicePixelRatio / 2 });
  };
  const onKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.round(spec.x.length / 10));
    const step: Record<string, number> = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -page, PageUp: page };
    if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(spec.x.length - 1);
    else if (step[e.key] !== undefined) moveTo(index + step[e.key]!);
    else return;
    e.preventDefault();
  };
  const text = spec.x.length ? spec.readout(Math.min(index, spec.x.length - 1)) : '';
  return (
    <div class="chart">
      <div
        ref={host}
        class="plot"
        tabIndex={0}
        role="slider"
        aria-label={spec.label}
        aria-valuemin={0}
        aria-valuemax={Math.max(0, spec.x.length - 1)}
        aria-valuenow={index}
        aria-valuetext={text}
        onKeyDown={onKey}
        onMouseMove={() => (moved.current = true)}
        onFocus={() => moveTo(index)}
      />
      {/* The same words as the slider's value, for the eye; assistive technology hears them from the slider. */}
      <p class="readout" aria-hidden="true">
        {text}
      </p>
    </div>
  );
}
