/**
 * `AsyncVectorEnv`: each sub-env runs in its own `worker_threads` worker and all step in
 * parallel (Gymnasium's `AsyncVectorEnv`, threads instead of processes). Functions cannot
 * cross threads, so each worker builds its env from a registry id and options. Methods
 * return promises; semantics match `SyncVectorEnv` (same-step auto-reset, sub-env i seeded
 * with `seed + i`, see ./vector-env.ts).
 *
 * Each worker starts from a tiny evaluated bootstrap that imports the worker module next to
 * this file and reports a failure to load it. Installed, that module is the built
 * JavaScript (`dist/vector/async-vector-worker.js`) and nothing else is needed. Run from the
 * TypeScript sources (inside the repository, through tsx), it is `async-vector-worker.ts`:
 * Node 20 checks a worker's entry file extension before `--import tsx` hooks apply
 * ("Unknown file extension .ts"), so the bootstrap first registers tsx's ESM hooks (tsx is
 * a development dependency, there). `close()` ends the workers, after which the process
 * can exit.
 */
import { Worker } from 'node:worker_threads';
import type { Info, ResetOptions } from '../env';
import { EnvError, EnvOptionError, InvalidActionError, ResetNeededError, UnknownEnvError } from '../errors';
import type { Space } from '../space';
import type { Box } from '../spaces/box';
import { allocate, type ArrayDtype, type TypedArray } from '../spaces/typed-array';
import { checkSeed } from '../rng';
import { make } from '../registry/make';
import { checkEnvInteger, describeValue } from '../registry/env-options';
import { batchSpace, checkActions, type VectorResetResult, type VectorStepResult } from './vector-env';
import type { WorkerData, WorkerRequest } from './async-vector-worker';

export interface AsyncVectorEnvConfig {
  /** Registry id every worker makes, e.g. `CartPole-v1`; required. */
  id: string;
  /** Number of sub-envs (and workers); default 2. */
  numEnvs: number;
  /** Options passed to `make` in every worker; default none. */
  options: Record<string, unknown>;
}

export const asyncVectorEnvDefaults: Omit<AsyncVectorEnvConfig, 'id'> = { numEnvs: 2, options: {} };

type Reply = { type: string; [key: string]: unknown };

const errorClasses: Record<string, new (message: string) => Error> = {
  InvalidActionError, ResetNeededError, UnknownEnvError, EnvOptionError, EnvError,
};

export class AsyncVectorEnv<Act = unknown> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Space<Act>;
  readonly observationSpace: Box;
  private readonly workers: Worker[];
  private readonly pending: ((reply: Reply) => void)[][];
  private readonly ready: Promise<void>;
  private readonly size: number;
  private closing: Promise<void> | undefined;

  constructor(config: Partial<AsyncVectorEnvConfig> & { id: string }) {
    if (config === null || typeof config !== 'object' || typeof config.id !== 'string') {
      throw new EnvOptionError(`AsyncVectorEnv expects a config { id, numEnvs?, options? }, but received ${describeValue(config)}`);
    }
    for (const key of Object.keys(config)) {
      if (!['id', 'numEnvs', 'options'].includes(key)) {
        throw new EnvOptionError(`AsyncVectorEnv expects options among "id", "numEnvs", "options", but received unknown option ${JSON.stringify(key)}`);
      }
    }
    this.numEnvs = checkEnvInteger('AsyncVectorEnv', 'numEnvs', config.numEnvs ?? asyncVectorEnvDefaults.numEnvs, 1, 256);
    const options = config.options ?? {};
    // One env in this thread, only to read the spaces and to fail fast on a bad id or option.
    const probe = make<TypedArray, Act>(config.id, options);
    this.singleActionSpace = probe.actionSpace;
    this.observationSpace = batchSpace('AsyncVectorEnv', probe.observationSpace, this.numEnvs);
    this.singleObservationSpace = probe.observationSpace as Box;
    probe.close();
    this.size = this.singleObservationSpace.size;
    const data: WorkerData = { id: config.id, options };
    this.pending = Array.from({ length: this.numEnvs }, () => []);
    this.workers = Array.from({ length: this.numEnvs }, (_, i) => {
      const worker = new Worker(workerBootstrap(), { eval: true, workerData: data });
      worker.on('message', (reply: Reply) => this.pending[i].shift()?.(reply));
      worker.on('error', (error) => {
        for (const resolve of this.pending[i].splice(0)) resolve({ type: 'error', name: error.name, message: error.message });
      });
      return worker;
    });
    this.ready = Promise.all(this.workers.map((_, i) => this.expect(i, 'ready'))).then(() => undefined);
    // A failed start is reported by the next call; this keeps it from being unhandled now.
    this.ready.catch(() => undefined);
  }

  private expect(i: number, type: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending[i].push((reply) => {
        if (reply.type === 'error') {
          const ErrorClass = errorClasses[String(reply.name)] ?? Error;
          reject(new ErrorClass(`AsyncVectorEnv sub-env ${i}: ${String(reply.message)}`));
        } else if (reply.type !== type) {
          reject(new EnvError(`AsyncVectorEnv expects a ${type} reply from worker ${i}, but received ${reply.type}`));
        } else {
          resolve(reply);
        }
      });
    });
  }

  private request(i: number, message: WorkerRequest, type: string): Promise<Reply> {
    const reply = this.expect(i, type);
    this.workers[i].postMessage(message);
    return reply;
  }

  private checkOpen(who: string): void {
    if (this.closing) throw new EnvError(`AsyncVectorEnv.${who} expects an open vector env, but received a call after close()`);
  }

  async reset({ seed, options }: ResetOptions = {}): Promise<VectorResetResult> {
    this.checkOpen('reset');
    if (seed !== undefined) checkSeed('AsyncVectorEnv.reset', seed);
    await this.ready;
    const replies = await Promise.all(this.workers.map((_, i) =>
      this.request(i, { type: 'reset', options: { seed: seed === undefined ? undefined : seed + i, options } }, 'reset')));
    const observations = allocate(this.singleObservationSpace.dtype as ArrayDtype, this.size * this.numEnvs);
    replies.forEach((r, i) => observations.set(r.observation as TypedArray, i * this.size));
    return { observations, info: { envs: replies.map((r) => r.info as Info) } };
  }

  async step(actions: ArrayLike<Act>): Promise<VectorStepResult> {
    this.checkOpen('step');
    checkActions('AsyncVectorEnv', actions, this.numEnvs, this.singleActionSpace);
    await this.ready;
    const replies = await Promise.all(this.workers.map((_, i) => this.request(i, { type: 'step', action: actions[i] }, 'step')));
    const observations = allocate(this.singleObservationSpace.dtype as ArrayDtype, this.size * this.numEnvs);
    const rewards = new Float64Array(this.numEnvs);
    const ended = replies.some((r) => r.finalObservation !== undefined);
    const finalObservation = ended ? replies.map((r) => (r.finalObservation as TypedArray | undefined) ?? null) : undefined;
    const finalInfo = ended ? replies.map((r) => (r.finalInfo as Info | undefined) ?? null) : undefined;
    replies.forEach((r, i) => {
      observations.set(r.observation as TypedArray, i * this.size);
      rewards[i] = r.reward as number;
    });
    const envs = replies.map((r) => r.info as Info);
    return {
      observations,
      rewards,
      terminated: replies.map((r) => r.terminated as boolean),
      truncated: replies.map((r) => r.truncated as boolean),
      info: ended ? { envs, final_observation: finalObservation, final_info: finalInfo } : { envs },
    };
  }

  /** Closes every sub-env and ends the workers; idempotent, and safe while a start failed. */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.workers.map(async (worker, i) => {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      try {
        await this.ready;
        await Promise.race([this.request(i, { type: 'close' }, 'closed'), exited]);
      } catch {
        // A worker that failed to start or to close is terminated below all the same.
      }
      await worker.terminate();
    })).then(() => undefined);
    return this.closing;
  }
}

/**
 * Source of the evaluated worker entry: import the worker module that sits beside this one
 * (built JavaScript when installed; TypeScript through tsx's hooks when run from sources).
 */
function workerBootstrap(): string {
  const report = `.catch((error) => { require('node:worker_threads').parentPort.postMessage({ type: 'error', name: error.name, message: error.message }); });`;
  if (!import.meta.url.endsWith('.ts')) {
    const workerUrl = new URL('./async-vector-worker.js', import.meta.url).href;
    return `import(${JSON.stringify(workerUrl)})${report}`;
  }
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    throw new EnvError('AsyncVectorEnv run from its TypeScript sources expects the tsx package to be installed (its workers then run TypeScript), but could not resolve "tsx/esm/api"; add tsx to the development dependencies, or use the built package');
  }
  const workerUrl = new URL('./async-vector-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(workerUrl)}); })${report}`;
}
