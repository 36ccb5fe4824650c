import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ciderD } from '../../../packages/vision/src/caption/cider';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

const CiderD = suite('ciderD');

CiderD('hand-computed: two images with disjoint words', () => {
  // Image 1, "a c" against "a b": unigram vectors (log 2)(1, 1, 0) and (log 2)(1, 0, 1) over a, b, c → cosine with
  // clipping ½; no bigram in common; no 3- or 4-grams → (½ + 0 + 0 + 0) / 4 · 10 = 1.25.
  // Image 2, "d e" against itself: unigrams and bigram 1, 3- and 4-grams 0 → 2/4 · 10 = 5.
  close(ciderD(['a c', 'd e'], [['a b'], ['d e']]), (1.25 + 5) / 2);
});

CiderD('an n-gram every image shares has no weight; a length difference is penalised by exp(−δ²/72)', () => {
  // "x" occurs in the references of both images: idf log 2 − log 2 = 0, so a candidate of only "x" scores 0;
  // "x q" against itself still matches on "q" and "x q" (unigram and bigram cosines 1): 10 · 2/4.
  close(ciderD(['x', 'x q'], [['x y'], ['x q']]), (0 + 10 * (2 / 4)) / 2);
  // Candidate "p q r s t" against reference "p q r s t u v" in a corpus of 2: every n-gram unique to image 1.
  const one = ciderD(['p q r s t', 'z'], [['p q r s t u v'], ['z']]);
  const cos = (k: number, m: number) => k / Math.sqrt(k * m); // k shared n-grams of weight w, candidate k, reference m of them
  const expected = (10 * ((cos(5, 7) + cos(4, 6) + cos(3, 5) + cos(2, 4)) / 4) * Math.exp(-4 / 72) + 10 * (1 / 4)) / 2;
  close(one, expected);
});

CiderD('averages over several references', () => {
  const single = ciderD(['a b', 'c d'], [['a b'], ['c d']]);
  const withMiss = ciderD(['a b', 'c d'], [['a b', 'e f'], ['c d', 'g h']]);
  close(withMiss, single / 2);
});

CiderD.run();
