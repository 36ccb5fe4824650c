/** Captions as lower-case word tokens: punctuation dropped, split on white space (the COCO caption evaluation's PTB tokenizer does much the same for plain sentences). */
export function tokenize(caption: string): string[] {
  return caption.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter((t) => t !== '');
}

/** The n-grams of `tokens` with their counts. */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}
