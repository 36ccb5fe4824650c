/**
 * The words a captioner reads and writes: index 0 pads, 1 starts a caption, 2 ends it, 3
 * stands for a word seen only at test time; then the training captions' words, most frequent
 * first (ties alphabetical), so the same captions always give the same indices.
 */
import { tokenize } from './tokenize';

export const pad = 0;
export const start = 1;
export const end = 2;
export const unknown = 3;

export class Vocabulary {
  readonly words: string[];
  private readonly index: Map<string, number>;

  constructor(words: readonly string[]) {
    this.words = ['<pad>', '<start>', '<end>', '<unk>', ...words];
    this.index = new Map(this.words.map((w, i) => [w, i]));
  }

  /** The vocabulary of `captions`. */
  static fromCaptions(captions: readonly string[]): Vocabulary {
    const counts = new Map<string, number>();
    for (const c of captions) for (const t of tokenize(c)) counts.set(t, (counts.get(t) ?? 0) + 1);
    return new Vocabulary([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w));
  }

  get size(): number {
    return this.words.length;
  }

  /** Word indices of `caption` (unknown words → 3), without start or end. */
  encode(caption: string): number[] {
    return tokenize(caption).map((t) => this.index.get(t) ?? unknown);
  }

  /** The caption of word indices, stopping at the end token and skipping padding. */
  decode(ids: readonly number[]): string {
    const words: string[] = [];
    for (const id of ids) {
      if (id === end) break;
      if (id === pad || id === start) continue;
      words.push(this.words[id] ?? '<unk>');
    }
    return words.join(' ');
  }
}
