/**
 * Corpus BLEU (Papineni et al. 2002, "BLEU: a Method for Automatic Evaluation of Machine
 * Translation", §2): modified n-gram precisions p_n = Σ clipped matches / Σ candidate n-grams
 * over the whole corpus (each n-gram's count clipped by its largest count in any one reference),
 * a brevity penalty BP = exp(1 − r/c) when the candidates' total length c is below r (the sum
 * of the reference lengths closest to each candidate), and
 *   BLEU-N = BP · exp(Σ_{n ≤ N} (1/N) log p_n),
 * 0 when any p_n is 0 (no smoothing, as in the COCO caption evaluation).
 */
import { ngramCounts, tokenize } from './tokenize';

/** BLEU-1 … BLEU-4 of `candidates[i]` against `references[i]` (one or more captions each). */
export function corpusBleu(candidates: readonly string[], references: readonly (readonly string[])[]): [number, number, number, number] {
  if (candidates.length !== references.length) throw new RangeError(`corpusBleu expects one reference list per candidate (${candidates.length}), but received ${references.length}`);
  const matches = [0, 0, 0, 0];
  const totals = [0, 0, 0, 0];
  let c = 0;
  let r = 0;
  candidates.forEach((candidate, i) => {
    const hyp = tokenize(candidate);
    const refs = references[i].map(tokenize);
    c += hyp.length;
    // The reference length closest to the candidate's (the shorter one on a tie).
    r += refs.map((t) => t.length).reduce((best, len) => (Math.abs(len - hyp.length) < Math.abs(best - hyp.length) || (Math.abs(len - hyp.length) === Math.abs(best - hyp.length) && len < best) ? len : best), Infinity);
    for (let n = 1; n <= 4; n++) {
      const maxRef = new Map<string, number>();
      for (const ref of refs) for (const [gram, k] of ngramCounts(ref, n)) maxRef.set(gram, Math.max(maxRef.get(gram) ?? 0, k));
      for (const [gram, k] of ngramCounts(hyp, n)) {
        matches[n - 1] += Math.min(k, maxRef.get(gram) ?? 0);
        totals[n - 1] += k;
      }
    }
  });
  const bp = c === 0 ? 0 : c >= r ? 1 : Math.exp(1 - r / c);
  const scores = [1, 2, 3, 4].map((upTo) => {
    let logSum = 0;
    for (let n = 0; n < upTo; n++) {
      if (matches[n] === 0 || totals[n] === 0) return 0;
      logSum += Math.log(matches[n] / totals[n]) / upTo;
    }
    return bp * Math.exp(logSum);
  });
  return scores as [number, number, number, number];
}
