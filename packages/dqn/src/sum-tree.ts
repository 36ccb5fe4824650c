/**
 * A sum tree (Schaul et al. 2016, "Prioritized Experience Replay", appendix B.2.1): a
 * complete binary tree over `capacity` leaf priorities whose inner nodes hold the sum of
 * their children, so that setting a priority and finding the leaf where a prefix sum falls
 * both take O(log capacity). Stored flat in a Float64Array: node k has children 2k and
 * 2k + 1, the root is node 1, leaf i is node `leaves + i` (`leaves` a power of two).
 */
import { checkInteger, ConfigError } from '@deeper/core';

export class SumTree {
  readonly capacity: number;
  /** Leaves in the tree: the smallest power of two ≥ capacity. */
  private readonly leaves: number;
  private readonly nodes: Float64Array;

  constructor(capacity: number) {
    this.capacity = checkInteger('SumTree', 'capacity', capacity);
    let leaves = 1;
    while (leaves < capacity) leaves *= 2;
    this.leaves = leaves;
    this.nodes = new Float64Array(2 * leaves);
  }

  /** Σ of all priorities. */
  get total(): number {
    return this.nodes[1];
  }

  /** Priority of leaf `i`. */
  get(i: number): number {
    return this.nodes[this.leaves + i];
  }

  /** Sets leaf `i` to `priority` (finite, ≥ 0) and updates the sums above it. */
  set(i: number, priority: number): void {
    if (!(priority >= 0) || !Number.isFinite(priority)) throw new ConfigError('SumTree.set', 'priority', 'a finite number ≥ 0', priority);
    if (!Number.isInteger(i) || i < 0 || i >= this.capacity) throw new ConfigError('SumTree.set', 'index', `an integer in [0, ${this.capacity})`, i);
    let k = this.leaves + i;
    this.nodes[k] = priority;
    for (k >>= 1; k >= 1; k >>= 1) this.nodes[k] = this.nodes[2 * k] + this.nodes[2 * k + 1];
  }

  /**
   * The leaf where the prefix sum of priorities first exceeds `mass` (0 ≤ mass < total):
   * leaf i is found with probability priority(i) / total when `mass` is uniform.
   */
  find(mass: number): number {
    let k = 1;
    while (k < this.leaves) {
      const left = this.nodes[2 * k];
      if (mass < left) k = 2 * k;
      else {
        mass -= left;
        k = 2 * k + 1;
      }
    }
    // Round-off can walk past the last non-empty leaf; step back to one with priority.
    let i = k - this.leaves;
    while (i > 0 && (i >= this.capacity || this.nodes[this.leaves + i] === 0)) i--;
    return i;
  }

  /** The leaf priorities, as one array view (for saving). */
  leafPriorities(): Float64Array {
    return this.nodes.subarray(this.leaves, this.leaves + this.capacity);
  }

  /** Recomputes every inner sum from the leaves (after they were written in bulk). */
  rebuild(): void {
    for (let k = this.leaves - 1; k >= 1; k--) this.nodes[k] = this.nodes[2 * k] + this.nodes[2 * k + 1];
  }
}
