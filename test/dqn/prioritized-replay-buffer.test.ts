import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PrioritizedReplayBuffer } from '../../packages/dqn/src/prioritized-replay-buffer';

const Prioritized = suite('PrioritizedReplayBuffer');

function filled(alpha: number, n = 4): PrioritizedReplayBuffer {
  const buffer = new PrioritizedReplayBuffer({ capacity: n, observationShape: [1], seed: 11, alpha, priorityEpsilon: 1e-9 });
  for (let i = 0; i < n; i++) buffer.add([i], i, 0, [i], false);
  return buffer;
}

Prioritized('gives new transitions the largest priority: uniform until updated', () => {
  const buffer = filled(0.6);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(buffer.probability(i) - 0.25) < 1e-12);
});

Prioritized('samples with frequencies that follow pᵢ^α / Σ pₖ^α', () => {
  const buffer = filled(1);
  buffer.updatePriorities([0, 1, 2, 3], [1, 2, 3, 4]);
  const counts = [0, 0, 0, 0];
  for (let k = 0; k < 400; k++) for (const a of buffer.sample(50).actions) counts[a]++;
  // 20,000 draws, expected 2,000, 4,000, 6,000, 8,000; stratification only lowers the variance (binomial sd ≤ 70).
  [0.1, 0.2, 0.3, 0.4].forEach((p, i) => assert.ok(Math.abs(counts[i] - 20000 * p) < 350, `action ${i}: ${counts[i]}`));
  const half = filled(0.5);
  half.updatePriorities([0, 1, 2, 3], [1, 4, 9, 16]);
  // α = 0.5 flattens squares back to 1, 2, 3, 4.
  [0.1, 0.2, 0.3, 0.4].forEach((p, i) => assert.ok(Math.abs(half.probability(i) - p) < 1e-6));
});

Prioritized('weights are (N·P(i))^−β / max w, and β = 0 makes them all 1', () => {
  const buffer = filled(1);
  buffer.updatePriorities([0, 1, 2, 3], [1, 2, 3, 4]);
  const batch = buffer.sample(40, 1);
  for (let b = 0; b < 40; b++) {
    const p = [0.1, 0.2, 0.3, 0.4][batch.actions[b]];
    // max w belongs to the least likely transition present; with stratified draws that is p = 0.1.
    assert.ok(Math.abs(batch.weights[b] - (4 * p) ** -1 / (4 * 0.1) ** -1) < 1e-5);
  }
  const flat = buffer.sample(40, 0);
  assert.ok(Array.from(flat.weights).every((w) => w === 1));
});

Prioritized('saves and loads priorities with the ring', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'deeper-per-'));
  try {
    const a = filled(1);
    a.updatePriorities([0, 1, 2, 3], [1, 2, 3, 4]);
    a.save(join(dir, 'p.bin'));
    const b = new PrioritizedReplayBuffer({ capacity: 4, observationShape: [1], alpha: 1, priorityEpsilon: 1e-9 });
    b.load(join(dir, 'p.bin'));
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(b.probability(i) - a.probability(i)) < 1e-12);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Prioritized('refuses bad priorities and β', () => {
  const buffer = filled(1);
  assert.throws(() => buffer.updatePriorities([0], [NaN]), /tdErrors\[0\] to be a finite number/);
  assert.throws(() => buffer.updatePriorities([0, 1], [1]), /2 values/);
  assert.throws(() => buffer.sample(4, 2), /beta/);
  assert.throws(() => new PrioritizedReplayBuffer({ capacity: 4, observationShape: [1], alpha: 1.5 }), /alpha/);
});

Prioritized.run();
