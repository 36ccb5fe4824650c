/**
 * Thinning of long curves for drawing: a chart 480 pixels wide shows no more of a curve of
 * 40,000 steps than of its means over 1,000 bins, and Vega renders (and the SVG holds) every
 * point it is given. Each curve (one metric of one series) longer than `maxPointsPerCurve` is
 * cut, in step order, into that many bins of consecutive points (sizes differing by at most
 * one) and each bin drawn as one point at its mean step and mean value. The means also show a
 * noisy loss's trend, which the raw points hide. Shorter curves are returned as they are.
 */
import type { CurvePoint } from './loss-plot';

/** Points per curve beyond which `trainingChartSpec` thins: about two per pixel of its 480-pixel width. */
export const defaultMaxPointsPerCurve = 1000;

export function thinCurves(points: readonly CurvePoint[], maxPointsPerCurve = defaultMaxPointsPerCurve): CurvePoint[] {
  if (!Number.isInteger(maxPointsPerCurve) || maxPointsPerCurve < 1) {
    throw new RangeError(`thinCurves expects maxPointsPerCurve to be a positive integer, but received ${maxPointsPerCurve}`);
  }
  const curves = new Map<string, CurvePoint[]>();
  for (const p of points) {
    const key = `${p.metric}\u0000${p.series}`;
    const curve = curves.get(key);
    if (curve === undefined) curves.set(key, [p]);
    else curve.push(p);
  }
  const out: CurvePoint[] = [];
  for (const curve of curves.values()) {
    if (curve.length <= maxPointsPerCurve) {
      for (const p of curve) out.push(p);
      continue;
    }
    const sorted = curve.slice().sort((a, b) => a.step - b.step);
    for (let b = 0; b < maxPointsPerCurve; b++) {
      const from = Math.floor((b * sorted.length) / maxPointsPerCurve);
      const to = Math.floor(((b + 1) * sorted.length) / maxPointsPerCurve);
      let step = 0;
      let value = 0;
      for (let i = from; i < to; i++) {
        step += sorted[i].step;
        value += sorted[i].value;
      }
      out.push({ step: step / (to - from), metric: sorted[from].metric, series: sorted[from].series, value: value / (to - from) });
    }
  }
  return out;
}
