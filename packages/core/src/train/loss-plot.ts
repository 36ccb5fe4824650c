/**
 * A subscriber that draws the loss and accuracy curves (per step, plus validation per
 * epoch) to `training.svg` in a run's `plots/` folder after every epoch and at the end.
 * Vega-Lite 5 compiles the chart, Vega 5 renders it headless with `View.toSVG()`.
 * SVG only: Vega's PNG output needs the native `canvas` package, which deeper avoids.
 */
import { join } from 'node:path';
import type { TapObserver } from 'rxjs';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { writeFileAtomic } from '../io/atomic-write';
import { defaultMaxPointsPerCurve, thinCurves } from './thin-curves';
import type { TrainEvent } from './train-event';

/** One point of a curve: fit's metrics are `loss` and `accuracy`, its series `train` and `validation`; other loops name their own. */
export interface CurvePoint {
  step: number;
  metric: 'loss' | 'accuracy' | (string & {});
  series: 'train' | 'validation' | (string & {});
  value: number;
}

/**
 * The chart as a Vega-Lite spec: one panel per metric (default loss above accuracy), series
 * coloured. A curve longer than `maxPointsPerCurve` is drawn as that many bin means (`thinCurves`).
 */
export function trainingChartSpec(points: readonly CurvePoint[], title = 'training', metrics: readonly string[] = ['loss', 'accuracy'], maxPointsPerCurve = defaultMaxPointsPerCurve): vl.TopLevelSpec {
  const layer = (metric: string) => ({
    width: 480,
    height: 200,
    transform: [{ filter: `datum.metric === '${metric}'` }],
    mark: { type: 'line', point: false, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'value', type: 'quantitative', title: metric, scale: { zero: metric === 'accuracy' } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values: thinCurves(points, maxPointsPerCurve) },
    vconcat: metrics.map(layer),
  } as vl.TopLevelSpec;
}

/** Renders `spec` to an SVG string without a browser or canvas. */
export async function renderSvg(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The plot subscriber; `flush()` resolves when the last requested write is on disk. */
export interface LossPlot<E = TrainEvent> extends Partial<TapObserver<E>> {
  /** Points collected so far. */
  readonly points: CurvePoint[];
  /** The SVG file written. */
  readonly path: string;
  /** Waits for pending writes; rejects with a write's error. */
  flush(): Promise<void>;
}

/**
 * How a stream of other events than fit's is plotted: the points each event adds, the event
 * types after which the SVG is redrawn, and the panels (metrics) in order.
 */
export interface CurvesOf<E> {
  pointsOf: (event: E) => CurvePoint[];
  redrawOn: readonly string[];
  metrics: readonly string[];
}

/**
 * Plots to `<plotsDir>/training.svg`; `title` heads the chart (the run id, typically).
 * For a stream of other events than fit's, `curves` says which points each event adds.
 * `earlier` are points logged before (a resumed run's, up to its checkpoint); they come first.
 */
export function lossPlot<E extends { type: string } = TrainEvent>(plotsDir: string, title = 'training', curves: CurvesOf<E> | null = null, earlier: readonly CurvePoint[] = []): LossPlot<E> {
  // Copied one by one: spreading a long run's points into push() overflows the call stack.
  const points: CurvePoint[] = [];
  for (const p of earlier) points.push(p);
  const path = join(plotsDir, 'training.svg');
  let pending: Promise<void> = Promise.resolve();
  const write = () => {
    const snapshot = points.slice();
    pending = pending.then(async () => writeFileAtomic(path, await renderSvg(trainingChartSpec(snapshot, title, curves?.metrics))));
  };
  return {
    points,
    path,
    next(e) {
      if (curves !== null) {
        for (const p of curves.pointsOf(e)) points.push(p);
        if (curves.redrawOn.includes(e.type)) write();
        return;
      }
      const event = e as unknown as TrainEvent;
      if (event.type === 'batch') {
        points.push({ step: event.step, metric: 'loss', series: 'train', value: event.loss }, { step: event.step, metric: 'accuracy', series: 'train', value: event.accuracy });
      } else if (event.type === 'validation') {
        points.push({ step: event.step, metric: 'loss', series: 'validation', value: event.loss }, { step: event.step, metric: 'accuracy', series: 'validation', value: event.accuracy });
      } else if (event.type === 'epoch' || event.type === 'done') {
        write();
      }
    },
    flush: () => pending,
  };
}
