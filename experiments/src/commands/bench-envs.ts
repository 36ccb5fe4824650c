/**
 * `deeper bench envs [--json] [--steps N]`: raw env step throughput, one line per env, for
 * CartPole-v1 and every MinAtar game at `-v0` (sticky actions on):
 * `{"name":"env-step","env":<id>,"unit":"steps/s","value":…}`. One env, uniformly random
 * actions drawn before the clock starts (so the policy is not measured), auto-reset at
 * episode end (the resets are part of the measured work, as in training). The value is the
 * median over `--repeats` timed blocks of `--steps` steps, after a warm-up block of a tenth
 * of that, because the machines this runs on are often shared.
 */
import type { Command } from 'commander';
import { Discrete, Rng, listEnvs, make, parseEnvId, type Env } from '@deeper/envs';
import { parseIntegerOption } from './envs-rollout';

export interface EnvBenchResult {
  name: 'env-step';
  env: string;
  unit: 'steps/s';
  value: number;
}

/** The ids benchmarked: CartPole-v1 and the MinAtar `-v0` ids that are registered. */
export function benchmarkedEnvIds(): string[] {
  const minatar = listEnvs()
    .map((s) => s.id)
    .filter((id) => {
      const parsed = parseEnvId(id);
      return parsed.namespace === 'MinAtar' && parsed.version === 0;
    });
  return ['CartPole-v1', ...minatar];
}

/** Median steps per second over `repeats` blocks of `steps` random steps on `id`, after a warm-up of `steps / 10`. */
export function benchmarkEnv(id: string, steps: number, repeats = 3, seed = 0): EnvBenchResult {
  const env = make(id) as Env<unknown, number>;
  try {
    const space = env.actionSpace;
    if (!(space instanceof Discrete)) throw new Error(`deeper bench envs expects Discrete action spaces, but ${id} has ${String(space)}`);
    const rng = new Rng(seed);
    const warmup = Math.max(1, Math.floor(steps / 10));
    const actions = new Int32Array(warmup + steps * repeats);
    for (let i = 0; i < actions.length; i++) actions[i] = space.start + rng.nextInt(space.n);
    env.reset({ seed });
    const run = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        const result = env.step(actions[i]);
        if (result.terminated || result.truncated) env.reset();
      }
    };
    run(0, warmup);
    const rates: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const from = warmup + r * steps;
      const started = performance.now();
      run(from, from + steps);
      rates.push(steps / ((performance.now() - started) / 1000));
    }
    rates.sort((a, b) => a - b);
    const median = repeats % 2 === 1 ? rates[(repeats - 1) / 2] : (rates[repeats / 2 - 1] + rates[repeats / 2]) / 2;
    return { name: 'env-step', env: id, unit: 'steps/s', value: Math.round(median) };
  } finally {
    env.close();
  }
}

export function register(bench: Command): void {
  bench
    .command('envs')
    .description('env step throughput with random actions, one line per env')
    .option('--json', 'print JSON lines')
    .option('--steps <n>', 'timed steps per block', '100000')
    .option('--repeats <n>', 'timed blocks per env; the median is reported', '5')
    .action((opts: { json?: boolean; steps: string; repeats: string }) => {
      const steps = parseIntegerOption('deeper bench envs', '--steps', opts.steps, 1);
      const repeats = parseIntegerOption('deeper bench envs', '--repeats', opts.repeats, 1);
      for (const id of benchmarkedEnvIds()) {
        const result = benchmarkEnv(id, steps, repeats);
        console.log(opts.json ? JSON.stringify(result) : `${id.padEnd(28)} ${result.value.toLocaleString('en-US')} steps/s`);
      }
    });
}
