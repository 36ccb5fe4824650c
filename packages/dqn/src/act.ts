/**
 * Acting: an env and a policy in, a stream of transitions out. `actorSteps` is the pull form
 * (a generator the training loop drives one step at a time, so that each action sees the
 * latest parameters); `act` is the same stream as a cold Observable. Acting and learning
 * meet only here, through transitions and the network the policy reads, so that actors can
 * later move to other processes without touching the update.
 *
 * Episode k is reset with seed `episodeSeed(seed, k)`: a run, and a run resumed at
 * episode k, see the same episodes.
 */
import { Observable } from 'rxjs';
import { Box, Discrete, deriveSeed, type Env, type Info } from '@deeper/envs';
import { checkInteger, resolveConfig } from '@deeper/core';
import { DqnEnvError } from './errors';

/** One env step. */
export interface Transition {
  /** sₜ */
  observation: ArrayLike<number>;
  /** aₜ */
  action: number;
  /** rₜ₊₁ */
  reward: number;
  /** sₜ₊₁ (the last observation of the episode when it ended) */
  nextObservation: ArrayLike<number>;
  /** sₜ₊₁ is terminal: no bootstrap. */
  terminated: boolean;
  /** A limit outside the MDP (TimeLimit) ended the episode: bootstrap. */
  truncated: boolean;
  info: Info;
  /** Episode index, from 0. */
  episode: number;
  /** Steps of this episode so far, this one included. */
  episodeStep: number;
  /** Σ rewards of the episode so far, this one included. */
  episodeReturn: number;
}

/** Chooses an action for an observation. */
export type Policy = (observation: ArrayLike<number>) => number;

/** The seed of episode `episode` of a stream seeded `seed`. */
export function episodeSeed(seed: number, episode: number): number {
  return deriveSeed(seed, `episode-${episode}`);
}

/** What an env must offer a DQN agent: a discrete action space and an array observation. */
export function checkDqnEnv(env: Env<unknown, unknown>, who: string): { actions: number; observationShape: number[]; observationDtype: 'uint8' | 'float32' } {
  const actionSpace = env.actionSpace;
  if (!(actionSpace instanceof Discrete) || actionSpace.start !== 0) {
    throw new DqnEnvError(`${who} expects an env with a Discrete(n) action space starting at 0, but received ${String(actionSpace)}. DQN picks argmax over a finite action set; use a discretizing wrapper or another algorithm for continuous actions`);
  }
  const observationSpace = env.observationSpace;
  if (!(observationSpace instanceof Box)) {
    throw new DqnEnvError(`${who} expects an env with a Box observation space, but received ${String(observationSpace)}`);
  }
  return {
    actions: actionSpace.n,
    observationShape: [...observationSpace.shape],
    observationDtype: observationSpace.dtype === 'uint8' ? 'uint8' : 'float32',
  };
}

export interface ActConfig {
  /** Seed of episode resets (see `episodeSeed`). Default 0. */
  seed: number;
  /** Index of the first episode (a resumed run continues its count). Default 0. */
  firstEpisode: number;
}

export const actDefaults: ActConfig = { seed: 0, firstEpisode: 0 };

/**
 * Steps `env` with `policy` forever (the caller stops pulling), resetting at each episode's
 * end. Refuses an observation whose size differs from the observation space's.
 */
export function* actorSteps(env: Env<ArrayLike<number>, number>, policy: Policy, config: Partial<ActConfig> = {}): Generator<Transition, never, undefined> {
  const c = resolveConfig('actorSteps', actDefaults, config);
  checkInteger('actorSteps', 'seed', c.seed, 0);
  checkInteger('actorSteps', 'firstEpisode', c.firstEpisode, 0);
  const { observationShape } = checkDqnEnv(env as Env<unknown, unknown>, 'actorSteps');
  const size = observationShape.reduce((a, b) => a * b, 1);
  // Envs may hand out one buffer they overwrite every step (MinAtar does, for speed): keep copies,
  // or s and s′ of a transition would be the same array.
  const check = (o: ArrayLike<number>): ArrayLike<number> => {
    if (o == null || o.length !== size) {
      throw new DqnEnvError(`actorSteps expects observations of ${size} elements (shape [${observationShape.join(', ')}]), but the env returned ${o == null ? String(o) : `${o.length} elements`}. The env's observation space and its observations disagree`);
    }
    return ArrayBuffer.isView(o) ? (o as unknown as Float32Array).slice() : Array.from(o);
  };
  let episode = c.firstEpisode;
  for (;;) {
    let observation = check(env.reset({ seed: episodeSeed(c.seed, episode) }).observation);
    let episodeStep = 0;
    let episodeReturn = 0;
    for (;;) {
      const action = policy(observation);
      const result = env.step(action);
      const nextObservation = check(result.observation);
      episodeStep++;
      episodeReturn += result.reward;
      yield {
        observation, action, reward: result.reward, nextObservation, terminated: result.terminated, truncated: result.truncated,
        info: result.info, episode, episodeStep, episodeReturn,
      };
      observation = nextObservation;
      if (result.terminated || result.truncated) break;
    }
    episode++;
  }
}

/**
 * The acting stream as a cold Observable: `frames` transitions of `policy` in `env`, then
 * complete. It yields to the event loop every 256 steps, so that an unsubscribe stops it.
 */
export function act(env: Env<ArrayLike<number>, number>, policy: Policy, frames: number, config: Partial<ActConfig> = {}): Observable<Transition> {
  checkInteger('act', 'frames', frames);
  return new Observable<Transition>((subscriber) => {
    const steps = actorSteps(env, policy, config);
    let stopped = false;
    (async () => {
      for (let frame = 0; frame < frames && !stopped; frame++) {
        subscriber.next(steps.next().value);
        if (frame % 256 === 255) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })().then(() => subscriber.complete(), (error: unknown) => subscriber.error(error));
    return () => {
      stopped = true;
    };
  });
}
