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

/** The facts a caption states, or null when one of them is incomplete. */
export function parseShapeCaption(caption: string): ShapeFact[] | null {
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
