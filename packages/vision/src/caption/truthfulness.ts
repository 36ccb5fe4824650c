/**
 * Whether a caption of a generated shape scene says exactly what is there: the caption is
 * parsed back into facts (shape, colour, size, position) and compared, as a multiset, with the
 * scene's. Parsing reads the attribute words in order; a fact is complete when it has all
 * four, and a word of a kind the current fact already has starts the next fact, which covers
 * every template of shape-captions.ts in any order of attributes. A caption with an
 * incomplete fact, a missing shape or an extra one is untruthful.
 */
import { colours, positions, shapes, sizes, type ShapeFact } from '../datasets/shape-captions';
import { tokenize } from './tokenize';

type Kind = keyof ShapeFact;

/** The facts a caption states, complete or not, in the order it states them. */
export function parseShapeFacts(caption: string): Partial<ShapeFact>[] {
  const tokens = tokenize(caption);
  const facts: Partial<ShapeFact>[] = [];
  let current: Partial<ShapeFact> = {};
  const put = (kind: Kind, value: string) => {
    if (current[kind] !== undefined) {
      facts.push(current);
      current = {};
    }
    (current as Record<Kind, string>)[kind] = value;
  };
  for (let i = 0; i < tokens.length; i++) {
    const pair = `${tokens[i]} ${tokens[i + 1] ?? ''}`;
    if ((positions as readonly string[]).includes(pair)) {
      put('position', pair);
      i++;
    } else if ((shapes as readonly string[]).includes(tokens[i])) put('shape', tokens[i]);
    else if ((colours as readonly string[]).includes(tokens[i])) put('colour', tokens[i]);
    else if ((sizes as readonly string[]).includes(tokens[i])) put('size', tokens[i]);
  }
  if (Object.keys(current).length > 0) facts.push(current);
  return facts;
}

/** The facts a caption states, or null when one of them is incomplete. */
export function parseShapeCaption(caption: string): ShapeFact[] | null {
  const facts = parseShapeFacts(caption);
  if (facts.some((f) => f.shape === undefined || f.colour === undefined || f.size === undefined || f.position === undefined)) return null;
  return facts as ShapeFact[];
}

const key = (f: ShapeFact) => `${f.size} ${f.colour} ${f.shape} @ ${f.position}`;

/** Whether `caption` states exactly the facts of `scene`. */
export function isTruthful(caption: string, scene: readonly ShapeFact[]): boolean {
  const facts = parseShapeCaption(caption);
  if (facts === null || facts.length !== scene.length) return false;
  const said = facts.map(key).sort();
  const truth = scene.map(key).sort();
  return said.every((k, i) => k === truth[i]);
}

/**
 * Which facts generated captions get right, for a diagnosis beyond all-or-nothing truth. Each
 * fraction is over what it names:
 * - `count`: captions stating as many shapes (complete or not) as their scene holds;
 * - `positions`: captions naming exactly the scene's set of quadrants;
 * - `shape`, `colour`, `size`: scene shapes whose quadrant the caption names, counted right
 *   when the caption's first fact at that quadrant names the same attribute (quadrants are
 *   unique within a scene, so the quadrant pairs a stated fact with a true one).
 * Each is null when nothing was there to count.
 */
export interface FactAccuracy { count: number | null; positions: number | null; shape: number | null; colour: number | null; size: number | null }

export function factAccuracy(captions: readonly string[], scenes: readonly (readonly ShapeFact[])[]): FactAccuracy {
  let countRight = 0;
  let positionsRight = 0;
  const right = { shape: 0, colour: 0, size: 0 };
  let paired = 0;
  scenes.forEach((scene, i) => {
    const said = parseShapeFacts(captions[i]);
    if (said.length === scene.length) countRight++;
    const saidPositions = [...new Set(said.map((f) => f.position).filter((p) => p !== undefined))].sort();
    const truePositions = scene.map((f) => f.position).sort();
    if (saidPositions.length === truePositions.length && saidPositions.every((p, k) => p === truePositions[k])) positionsRight++;
    for (const truth of scene) {
      const stated = said.find((f) => f.position === truth.position);
      if (stated === undefined) continue;
      paired++;
      for (const kind of ['shape', 'colour', 'size'] as const) if (stated[kind] === truth[kind]) right[kind]++;
    }
  });
  const rate = (k: number, n: number) => (n === 0 ? null : k / n);
  return { count: rate(countRight, scenes.length), positions: rate(positionsRight, scenes.length), shape: rate(right.shape, paired), colour: rate(right.colour, paired), size: rate(right.size, paired) };
}
