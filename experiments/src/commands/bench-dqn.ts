/**
 * `deeper bench dqn [--json] [--rounds N] [--frames N] [--pytorch] [--native on|off|both] [--fused on|off|both] [--engine on|off|both] [--profile]`: DQN training speed in
 * MinAtar's reference configuration (@deeper/dqn trainDqn, preset minatar, on
 * MinAtar/Breakout-v0: one batch-32 centered-RMSProp update per frame plus the acting
 * forward pass), measured after the replay start, and replay sampling speed. One JSON object
 * per line:
 *
 *   dqn-train        frames/s over `--frames` frames after the replay start (acting, env,
 *                    replay, update, target syncs: the whole loop), per backend
 *   dqn-train-vs-pytorch   ours ÷ PyTorch's frames/s, the median of per-round ratios
 *   with --native both: every round also times ours with deeper's native addon kernels off
 *                    (backend "wasm"), right after the default ("wasm+native"), and adds
 *                    dqn-train-native-speedup (wasm+native ÷ wasm, per round)
 *   with --engine both: every round also times ours with the networks' passes by tfjs
 *                    kernels and autodiff (DqnConfig.engine 'tfjs') instead of core's native
 *                    chain, and adds dqn-train-engine-speedup (native chain ÷ tfjs, per round)
 *   with --fused both: every round also times ours with the optimizer composed from ops
 *                    instead of one fused kernel per variable (SlotOptimizer.useFusedKernels
 *                    false), and adds dqn-train-fused-speedup (fused ÷ composed, per round)
 *   replay-sample    transitions/s sampled in batches of 32 from 100,000 transitions of
 *                    random Breakout play, stored as training stores them (each frame
 *                    once, packed bits): uniform and prioritized (β 0.4, priorities
 *                    updated after each batch), each of one-step and of 3-step transitions;
 *                    `perCpuSecond` divides by the process's CPU time instead of wall time
 *                    (on a shared, loaded machine the wall-clock rate mostly measures the load)
 *   replay-bytes     bytes a 100,000-transition buffer holds, Breakout and Seaquest (the
 *                    widest MinAtar grid, 10 channels)
 *   with --profile:  dqn-frame-ms, the time of one frame split into acting (forward),
 *                    env step, replay (add + sample + tensors), the update's target,
 *                    forward, backward, optimizer and readback, and other (JavaScript, GC);
 *                    see profileFrame (with the native chain, target/forward/backward/optimizer
 *                    are NativeDqnUpdate's parts and readback is 0); with --fused both or
 *                    --engine both, a split of each of those variants too
 *
 * The replay start is `--learning-starts` frames (default 500, not the reference's 5,000:
 * what is measured starts after it either way). Rounds alternate ours and PyTorch's
 * (experiments/bench/dqn_minatar_torch.py, torch threads = ours, OpenBLAS 1 thread), so both
 * see the same share of a busy machine. PyTorch's line carries the BLAS it loaded ("blas"):
 * Debian's python3-torch without libopenblas0 runs on the reference BLAS, several times
 * slower in the dense layers than the issue's OpenBLAS baseline; --torch-blas DIR runs it on
 * the libblas.so.3 in DIR (an unpacked libopenblas0-pthread) without installing anything.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { lastValueFrom, tap } from 'rxjs';
import { NativeChain, SlotOptimizer, createOptimizer, loadedAddon, resolveSelectBackendOptions, selectBackend, setAddonKernelsEnabled } from '@deeper/core';
import {
  BatchTensors, EpsilonGreedyPolicy, NativeDqnUpdate, NStepAccumulator, PrioritizedReplayBuffer, ReplayBuffer, disposeUpdateBatch, dqnPresets, dqnUpdate, minatarQNetwork,
  replayStorageFor, trainDqn,
} from '@deeper/dqn';
import { make, type Box } from '@deeper/envs';
import { parseIntegerOption } from './envs-rollout';

export interface BenchDqnOptions {
  rounds: number;
  /** Timed frames per round, after the replay start. */
  frames: number;
  learningStarts: number;
  threads?: number;
  /** Python interpreters to try for the PyTorch run; undefined: none. */
  pytorch?: string[];
  profile?: boolean;
  /** deeper's native addon kernels: 'on', 'off' or 'both' (alternated in every round). Default: 'on' where the addon loads, else 'off'. */
  native?: 'on' | 'off' | 'both';
  /** The optimizer as one fused kernel per variable ('on', the default), composed from ops ('off'), or 'both' (alternated in every round). */
  fused?: 'on' | 'off' | 'both';
  /**
   * Who runs the networks' passes (DqnConfig.engine): 'on' the native chain where it runs
   * (the default, 'auto'), 'off' tfjs kernels and autodiff, 'both' alternated in every round.
   */
  engine?: 'on' | 'off' | 'both';
  /** PyTorch's threads (torch.set_num_threads; OpenBLAS keeps 1). Default 2: the issue's peer (torch 2 threads, OpenBLAS 1). */
  torchThreads?: number;
  /** A folder whose libblas.so.3 PyTorch loads (the script's --blas-dir); default: the system's. */
  torchBlas?: string;
}

export interface BenchDqnLine {
  name: string;
  unit: string;
  value: number;
  [extra: string]: unknown;
}

const env = 'MinAtar/Breakout-v0';
const torchScript = fileURLToPath(new URL('../../bench/dqn_minatar_torch.py', import.meta.url));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/** One training run of learningStarts + frames frames; frames/s over the frames after the replay start. */
async function ourFramesPerSecond(o: BenchDqnOptions, engine: 'auto' | 'tfjs'): Promise<number> {
  let start = 0;
  let end = 0;
  let startFrame = 0;
  let endFrame = 0;
  await lastValueFrom(trainDqn({
    ...dqnPresets.minatar, env, frames: o.learningStarts + o.frames, learningStarts: o.learningStarts, evalEvery: 0, checkpointEvery: 0, logEvery: 1, seed: 0, engine,
  }).pipe(tap((e) => {
    if (e.type !== 'train-step') return;
    if (e.update === 1) {
      start = performance.now();
      startFrame = e.step;
    }
    end = performance.now();
    endFrame = e.step;
  })));
  return (endFrame - startFrame) / ((end - start) / 1000);
}

function torchFramesPerSecond(o: BenchDqnOptions, threads: number): BenchDqnLine {
  const candidates = o.pytorch ?? [];
  const python = candidates.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (!python) throw new Error(`deeper bench dqn --pytorch: expected a Python with PyTorch among ${candidates.join(', ')}, but none imports torch (Debian: apt-get install python3-torch; or name one with --python)`);
  const run = spawnSync(python, [torchScript, '--threads', String(threads), '--frames', String(o.frames), '--learning-starts', String(o.learningStarts), ...(o.torchBlas ? ['--blas-dir', o.torchBlas] : [])], {
    encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: String(threads) },
  });
  if (run.status !== 0) throw new Error(`deeper bench dqn --pytorch: ${python} ${torchScript} exited with ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  // The script warns on stderr when PyTorch runs on the reference BLAS rather than OpenBLAS.
  for (const line of run.stderr.split('\n')) if (line.startsWith('dqn_minatar_torch.py:')) console.error(`deeper bench dqn --pytorch: ${line}`);
  return JSON.parse(run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop()!) as BenchDqnLine;
}

type ReplayVariant = { name: string; nStep: number; prioritized: boolean };

/** What `replaySpeed` measures: uniform and prioritized sampling, of one-step and of 3-step transitions. */
const replayVariants: ReplayVariant[] = [
  { name: 'uniform', nStep: 1, prioritized: false }, { name: 'uniform-3-step', nStep: 3, prioritized: false },
  { name: 'prioritized', nStep: 1, prioritized: true }, { name: 'prioritized-3-step', nStep: 3, prioritized: true },
];

/** A replay buffer of `capacity` as trainDqn builds it for env `id` (its storage read off the env). */
function replayFor(id: string, capacity: number, prioritized: boolean): ReplayBuffer {
  const e = make(id);
  const config = { capacity, observationShape: [...(e.observationSpace as Box).shape], ...replayStorageFor(e), seed: 1 };
  e.close();
  return prioritized ? new PrioritizedReplayBuffer(config) : new ReplayBuffer(config);
}

/**
 * Fills a 100,000-transition buffer from uniformly random play of MinAtar Breakout (through an
 * n-step accumulator) and times batch-32 sampling for ~0.5 s; prioritized sampling with β 0.4
 * and a priority update of the batch after each draw, as training does.
 */
function replaySpeed(variant: ReplayVariant): { perSecond: number; perCpuSecond: number; bytes: number; framesWritten: number } {
  const capacity = 100_000;
  const buffer = replayFor(env, capacity, variant.prioritized);
  const e = make<Uint8Array, number>(env);
  const accumulator = new NStepAccumulator(variant.nStep, 0.99);
  let observation = e.reset({ seed: 0 }).observation.slice();
  let episode = 0;
  let lcg = 1;
  while (buffer.size < capacity) {
    lcg = (Math.imul(lcg, 1664525) + 1013904223) >>> 0;
    const action = (lcg >>> 16) % 6;
    const step = e.step(action);
    const next = step.observation.slice();
    for (const stored of accumulator.push({ observation, action, reward: step.reward, nextObservation: next, terminated: step.terminated, truncated: step.truncated })) {
      buffer.addTransition(stored);
    }
    observation = step.terminated || step.truncated ? e.reset({ seed: ++episode }).observation.slice() : next;
  }
  e.close();
  const indices = new Int32Array(32);
  const errors = new Float32Array(32);
  let draws = 0;
  const cpuSeconds = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const cpuStarted = cpuSeconds();
  const started = performance.now();
  while (performance.now() - started < 500) {
    for (let k = 0; k < 100; k++) {
      const batch = variant.prioritized ? (buffer as PrioritizedReplayBuffer).sample(32, 0.4) : buffer.sample(32);
      if (variant.prioritized) {
        indices.set(batch.indices);
        for (let b = 0; b < 32; b++) errors[b] = ((draws + b) % 17) / 8;
        (buffer as PrioritizedReplayBuffer).updatePriorities(indices, errors);
      }
      draws += 32;
    }
  }
  const wall = (performance.now() - started) / 1000;
  return { perSecond: draws / wall, perCpuSecond: draws / Math.max(1e-9, cpuSeconds() - cpuStarted), bytes: buffer.bytes, framesWritten: buffer.framesWritten };
}

/**
 * Splits `frames` reference frames (after a replay start of 500) into where the time goes:
 * acting (the ε = 0 forward pass), env, replay (add, sample, batch tensors), and the update
 * (dqnUpdate itself) split into its target (the target network's forward pass on s′ and y),
 * forward (the online network's Q(s, a) and the loss, timed inside the gradient tape),
 * backward (the rest of tf.variableGrads), optimizer (centered RMSProp's applyGradients) and
 * readback (the one read of loss, mean Q and δ); `other` is the frame's remaining wall time
 * (the JavaScript between these, garbage collection). The optimizer handed to dqnUpdate times
 * the two halves of core's `step` (variableGrads, then applyGradients: the same calls, since
 * the reference configuration clips nothing and keeps its rate constant).
 */
function profileFrame(frames: number, engine: 'native' | 'tfjs'): Record<string, number> {
  const e = make<Uint8Array, number>(env);
  const q = minatarQNetwork({ seed: 0 });
  const target = minatarQNetwork({ seed: 0 });
  target.setWeights(q.getWeights());
  const optimizer = createOptimizer(dqnPresets.minatar.optimizer ?? { name: 'rmsprop', learningRate: 2.5e-4, alpha: 0.95, epsilon: 0.01, centered: true });
  (optimizer.optimizer as unknown as { learningRate: number }).learningRate = optimizer.learningRate; // what core's step sets before each update
  const tensors = new BatchTensors([10, 10, 4]);
  const native = engine === 'native' ? new NativeDqnUpdate(q, target, optimizer, { gamma: 0.99, loss: 'huber', double: false }, 32) : null;
  const actingChain = engine === 'native' ? new NativeChain(q, 1) : null;
  const policy = new EpsilonGreedyPolicy(q, 6, tensors, 0, actingChain);
  const replay = replayFor(env, 100_000, false);
  const ms = { acting: 0, env: 0, replay: 0, target: 0, forward: 0, backward: 0, optimizer: 0, readback: 0, other: 0 };
  const marks = { stepStart: 0, stepEnd: 0 };
  const timedOptimizer = new Proxy(optimizer, {
    get: (t, key) => (key !== 'step' ? Reflect.get(t, key) : (lossFn: () => tf.Scalar, varList?: tf.Variable[]) => {
      marks.stepStart = performance.now();
      let forward = 0;
      const { value, grads } = tf.variableGrads(() => {
        const f = performance.now();
        const loss = lossFn();
        forward = performance.now() - f;
        return loss;
      }, varList);
      const applied = performance.now();
      ms.forward += forward;
      ms.backward += applied - marks.stepStart - forward;
      t.optimizer.applyGradients(grads);
      tf.dispose(grads);
      marks.stepEnd = performance.now();
      ms.optimizer += marks.stepEnd - applied;
      return value;
    }),
  });
  let obs: Uint8Array = e.reset({ seed: 0 }).observation.slice();
  const time = (key: keyof typeof ms, f: () => void) => {
    const t = performance.now();
    f();
    ms[key] += performance.now() - t;
  };
  let frameStart = 0;
  for (let frame = 0; frame < 500 + frames; frame++) {
    if (frame === 500) for (const key of Object.keys(ms) as (keyof typeof ms)[]) ms[key] = 0;
    frameStart = performance.now();
    const before = Object.values(ms).reduce((a, b) => a + b, 0);
    let action = 0;
    time('acting', () => (action = policy.act(obs, 0)));
    let step!: ReturnType<typeof e.step>;
    let next: Uint8Array = obs;
    time('env', () => {
      step = e.step(action);
      next = step.observation.slice(); // MinAtar reuses its observation buffer
    });
    time('replay', () => replay.add(obs, action, step.reward, next, step.terminated, step.truncated));
    obs = step.terminated || step.truncated ? e.reset().observation.slice() : next;
    if (replay.size >= 32 && native) {
      let sampled!: ReturnType<ReplayBuffer['sample']>;
      time('replay', () => (sampled = replay.sample(32)));
      const result = native.update(sampled, ms);
      if (!Number.isFinite(result.loss)) throw new Error(`deeper bench dqn --profile: the update diverged (loss ${result.loss})`);
    } else if (replay.size >= 32) {
      let batch!: ReturnType<BatchTensors['fromReplay']>;
      time('replay', () => (batch = tensors.fromReplay(replay.sample(32))));
      const started = performance.now();
      const result = dqnUpdate(q, target, timedOptimizer, batch, { gamma: 0.99, loss: 'huber', double: false });
      const ended = performance.now();
      if (!Number.isFinite(result.loss)) throw new Error(`deeper bench dqn --profile: the update diverged (loss ${result.loss})`);
      ms.target += marks.stepStart - started;
      ms.readback += ended - marks.stepEnd;
      disposeUpdateBatch(batch);
    }
    const accounted = Object.values(ms).reduce((a, b) => a + b, 0) - before;
    ms.other += performance.now() - frameStart - accounted;
  }
  native?.dispose();
  actingChain?.dispose();
  optimizer.dispose();
  q.dispose();
  target.dispose();
  e.close();
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, round(v / frames, 3)]));
}

export async function benchDqn(o: BenchDqnOptions, out: (line: BenchDqnLine) => void, backend = 'auto'): Promise<void> {
  const threads = o.threads ?? resolveSelectBackendOptions({}).threads;
  const report = await selectBackend(backend, { threads });
  const native = o.native ?? (loadedAddon() ? 'on' : 'off');
  if (native !== 'off' && !loadedAddon()) throw new Error(`deeper bench dqn --native ${native}: expected deeper's native addon to load (the wasm backend, without DEEPER_NATIVE=0), but it is not loaded`);
  const fused = o.fused ?? 'on';
  const engine = o.engine ?? 'on';
  // Each variant of ours, in the order every round times them: the default first, then the
  // addon off, then the optimizer composed from ops, then the passes by tfjs.
  type Variant = { key: string; addon: boolean; fusedKernels: boolean; engine: 'auto' | 'tfjs' };
  const first = { addon: native !== 'off', fusedKernels: fused !== 'off', engine: engine === 'off' ? 'tfjs' as const : 'auto' as const };
  const variants: Variant[] = [
    { key: 'default', ...first },
    ...(native === 'both' ? [{ key: 'no-native', ...first, addon: false }] : []),
    ...(fused === 'both' ? [{ key: 'composed', ...first, fusedKernels: false }] : []),
    ...(engine === 'both' ? [{ key: 'tfjs-engine', ...first, engine: 'tfjs' as const }] : []),
  ];
  const label = (v: Omit<Variant, 'key'>) => {
    const passes = v.engine === 'auto' && v.addon ? ', native chain' : '';
    return `${v.addon ? `${report.name}+native` : report.name}${passes}${v.fusedKernels ? '' : ', composed optimizer'}`;
  };
  const ours: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.key, []]));
  const torch: BenchDqnLine[] = [];
  const setVariant = (v: Omit<Variant, 'key'>) => {
    if (loadedAddon()) setAddonKernelsEnabled(v.addon);
    SlotOptimizer.useFusedKernels = v.fusedKernels;
  };
  for (let r = 0; r < o.rounds; r++) {
    for (const v of variants) {
      setVariant(v);
      ours[v.key].push(await ourFramesPerSecond(o, v.engine));
    }
    setVariant(variants[0]);
    if (o.pytorch) torch.push(torchFramesPerSecond(o, o.torchThreads ?? 2));
  }
  const perRound = (xs: number[], digits = 1) => (o.rounds > 1 ? { perRound: xs.map((x) => round(x, digits)) } : {});
  const common = { batch: 32, frames: o.frames, learningStarts: o.learningStarts, threads, rounds: o.rounds };
  for (const v of variants) out({ name: 'dqn-train', env, backend: label(v), unit: 'frames/s', value: round(median(ours[v.key])), ...common, ...perRound(ours[v.key]) });
  const speedup = (name: string, key: string, backendLabel: string) => {
    if (!ours[key]) return;
    const ratios = ours.default.map((x, i) => x / ours[key][i]);
    out({ name, env, backend: backendLabel, unit: 'ratio', value: round(median(ratios), 3), ...common, ...perRound(ratios, 3) });
  };
  speedup('dqn-train-native-speedup', 'no-native', `${label(variants[0])} ÷ ${label({ ...variants[0], addon: false })}`);
  speedup('dqn-train-fused-speedup', 'composed', `${label(variants[0])} ÷ ${label({ ...variants[0], fusedKernels: false })}`);
  speedup('dqn-train-engine-speedup', 'tfjs-engine', `${label(variants[0])} ÷ ${label({ ...variants[0], engine: 'tfjs' })}`);
  if (o.pytorch) {
    const torchRates = torch.map((line) => line.value);
    out({ name: 'dqn-train', env, backend: 'pytorch-cpu', unit: 'frames/s', value: round(median(torchRates)), ...common, ...perRound(torchRates), torch: torch[0].torch, torchThreads: torch[0].threads, blas: torch[0].blas });
    for (const v of variants) {
      const ratios = ours[v.key].map((x, i) => x / torchRates[i]);
      out({ name: 'dqn-train-vs-pytorch', env, backend: `${label(v)}/pytorch-cpu`, unit: 'ratio', value: round(median(ratios), 3), ...common, ...perRound(ratios, 3) });
    }
  }
  for (const variant of replayVariants) {
    const { perSecond, perCpuSecond, bytes, framesWritten } = replaySpeed(variant);
    out({
      name: 'replay-sample', env, variant: variant.name, unit: 'transitions/s', value: Math.round(perSecond), perCpuSecond: Math.round(perCpuSecond),
      batch: 32, capacity: 100_000, bytes, framesWritten,
    });
  }
  for (const id of [env, 'MinAtar/Seaquest-v0']) {
    out({ name: 'replay-bytes', env: id, unit: 'bytes', value: replayFor(id, 100_000, false).bytes, capacity: 100_000 });
  }
  if (o.profile) {
    for (const v of [variants[0], ...variants.filter((x) => x.key === 'composed' || x.key === 'tfjs-engine')]) {
      setVariant(v);
      const passes = v.engine === 'auto' && v.addon ? 'native' : 'tfjs';
      const split = profileFrame(o.frames, passes);
      out({ name: 'dqn-frame-ms', backend: label(v), unit: 'ms', value: round(Object.values(split).reduce((a, b) => a + b, 0), 3), frames: o.frames, ...split });
    }
    setVariant(variants[0]);
  }
}

function onOffBoth(flag: string, text: string): 'on' | 'off' | 'both' {
  if (text === 'on' || text === 'off' || text === 'both') return text;
  throw new Error(`deeper bench dqn expects ${flag} to be on, off or both, but received ${JSON.stringify(text)}`);
}

export function register(bench: Command): void {
  bench
    .command('dqn')
    .description('DQN training frames/s (MinAtar reference configuration) and replay sampling speed')
    .option('--json', 'print JSON lines only (the default output is JSON lines too)')
    .option('--rounds <n>', 'rounds, alternating ours and PyTorch; medians are reported', '1')
    .option('--frames <n>', 'timed frames per round, after the replay start', '1000')
    .option('--learning-starts <n>', 'replay start (untimed frames of random actions)', '500')
    .option('--threads <n>', 'wasm threads')
    .option('--pytorch', 'also time experiments/bench/dqn_minatar_torch.py, alternating rounds')
    .option('--torch-threads <n>', "PyTorch's threads, OpenBLAS keeping 1 (default 2: the issue's peer; 1 is faster on this small network)")
    .option('--torch-blas <dir>', "a folder whose libblas.so.3 PyTorch loads, e.g. an unpacked libopenblas0-pthread (default: the system's; see experiments/bench/dqn_minatar_torch.py)")
    .option('--python <cmd>', 'the Python for --pytorch (default: python3, then /usr/bin/python3, whichever imports torch)')
    .option('--profile', 'split a frame into acting, env, replay, target, forward, backward, optimizer, readback and other time')
    .option('--native <mode>', "deeper's native addon kernels: on, off or both (alternated each round, with the speed-up); default on where the addon loads")
    .option('--engine <mode>', "the networks' passes by core's native chain: on (default, where the addon loads), off (tfjs kernels and autodiff) or both (alternated each round, with the speed-up)")
    .option('--fused <mode>', 'the optimizer as one fused kernel per variable: on (default), off (composed from ops) or both (alternated each round, with the speed-up)')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      const who = 'deeper bench dqn';
      const int = (name: string, value: unknown, min: number) => parseIntegerOption(who, name, String(value), min);
      await benchDqn({
        rounds: int('--rounds', opts.rounds, 1), frames: int('--frames', opts.frames, 1), learningStarts: int('--learning-starts', opts.learningStarts, 32),
        threads: opts.threads === undefined ? undefined : int('--threads', opts.threads, 1),
        pytorch: opts.pytorch || opts.python || opts.torchBlas ? (typeof opts.python === 'string' ? [opts.python] : ['python3', '/usr/bin/python3']) : undefined,
        torchBlas: typeof opts.torchBlas === 'string' ? opts.torchBlas : undefined,
        torchThreads: opts.torchThreads === undefined ? undefined : int('--torch-threads', opts.torchThreads, 1),
        profile: opts.profile === true,
        native: opts.native === undefined ? undefined : onOffBoth('--native', String(opts.native)),
        fused: opts.fused === undefined ? undefined : onOffBoth('--fused', String(opts.fused)),
        engine: opts.engine === undefined ? undefined : onOffBoth('--engine', String(opts.engine)),
      }, (line) => console.log(JSON.stringify(line)), command.optsWithGlobals<{ backend: string }>().backend);
    });
}
