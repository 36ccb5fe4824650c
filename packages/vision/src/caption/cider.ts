/**
 * CIDEr-D (Vedantam, Zitnick & Parikh 2015, "CIDEr: Consensus-based Image Description
 * Evaluation", §3 and the "-D" variant of the COCO evaluation code): for n = 1…4, each caption
 * is a vector of its n-grams' counts weighted by inverse document frequency,
 *   g_k(s) = count_k(s) · (log |I| − log max(1, df_k)),
 * with df_k the number of images whose references contain n-gram k and |I| the number of
 * images. Between a candidate c and each reference s,
 *   CIDEr-D_n = 10 · mean_s  Σ_k min(g_k(c), g_k(s)) · g_k(s) / (‖g(c)‖ ‖g(s)‖) · exp(−(ℓ_c − ℓ_s)² / (2σ²)),
 * σ = 6 (clipping the candidate's weights and the length penalty are the "-D"), and
 * CIDEr-D = mean_n CIDEr-D_n, averaged over the images.
 */
import { ngramCounts, tokenize } from './tokenize';

const sigma = 6;

/** Corpus CIDEr-D of `candidates[i]` against `references[i]`. */
export function ciderD(candidates: readonly string[], references: readonly (readonly string[])[]): number {
  if (candidates.length !== references.length) throw new RangeError(`ciderD expects one reference list per candidate (${candidates.length}), but received ${references.length}`);
  const images = candidates.length;
  if (images === 0) return NaN;
  const refTokens = references.map((refs) => refs.map(tokenize));
  const df = new Map<string, number>();
  for (const refs of refTokens) {
    const seen = new Set<string>();
    for (const ref of refs) for (let n = 1; n <= 4; n++) for (const gram of ngramCounts(ref, n).keys()) seen.add(`${n}:${gram}`);
    for (const key of seen) df.set(key, (df.get(key) ?? 0) + 1);
  }
  const logImages = Math.log(images);
  const vectors = (tokens: string[]) => [1, 2, 3, 4].map((n) => {
    const v = new Map<string, number>();
    for (const [gram, k] of ngramCounts(tokens, n)) v.set(gram, k * (logImages - Math.log(Math.max(1, df.get(`${n}:${gram}`) ?? 0))));
    return v;
  });
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  let total = 0;
  candidates.forEach((candidate, i) => {
    const hypTokens = tokenize(candidate);
    const hyp = vectors(hypTokens);
    let score = 0;
    for (const refTokensOne of refTokens[i]) {
      const ref = vectors(refTokensOne);
      const delta = hypTokens.length - refTokensOne.length;
      let perN = 0;
      for (let n = 0; n < 4; n++) {
        let dot = 0;
        for (const [gram, g] of hyp[n]) dot += Math.min(g, ref[n].get(gram) ?? 0) * (ref[n].get(gram) ?? 0);
        const denominator = norm(hyp[n]) * norm(ref[n]);
        perN += (denominator === 0 ? 0 : dot / denominator) * Math.exp(-(delta * delta) / (2 * sigma * sigma));
      }
      score += perN / 4;
    }
    total += (10 * score) / refTokens[i].length;
  });
  return total / images;
}
