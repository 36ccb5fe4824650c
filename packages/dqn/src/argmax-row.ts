/** The index of the largest of `values[offset … offset + length)`, counted from offset (ties go to the lowest): a greedy action from one row of Q-values. */
export function argmaxRow(values: ArrayLike<number>, offset: number, length: number): number {
  let best = 0;
  for (let a = 1; a < length; a++) if (values[offset + a] > values[offset + best]) best = a;
  return best;
}
