/**
 * `trainDqn(config)`: Deep Q-learning with experience replay and a target network (Mnih et
 * al. 2015, Algorithm 1) as a cold Observable of `DqnEvent`s.
 *
 * Nothing runs until subscribe; each subscription is a fresh run (or a resumed one);
 * unsubscribing stops it between env steps and frees every tensor it made. Progress bars,
 * metric files and plots are subscribers, never code in here.
 *
 * Per frame t:
 *   ε      ← linear schedule (1 during the replay warm-up)
 *   aₜ     ← ε-greedy(Q(sₜ, ·; θ))                 the actor: one transition out
 *   replay ← (sₜ, aₜ, rₜ₊₁, sₜ₊₁, terminated, truncated)   through the n-step accumulator
 *   every k frames, once replay holds learningStarts transitions, `gradientSteps` times:
 *     θ    ← dqnUpdate(minibatch)                   y = r + γⁿ (1 − terminated) max Q(s', ·; θ⁻)
 *     θ⁻   ← θ every C updates (or Polyak)
 *   every evalEvery frames: K episodes with ε_eval on a separate env
 *   every checkpointEvery frames: a checkpoint, atomic as a set
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { createOptimizer, type TrainingOptimizer } from '@deeper/core';
import { deriveSeed, make, type Env } from '@deeper/envs';
import { actorSteps, checkDqnEnv, type Transition } from './act';
import { BatchTensors, disposeUpdateBatch } from './batch-tensors';
import { buildQNetwork, networkKindFor, type QNetworkKind } from './build-q-network';
import { latestDqnCheckpoint, loadDqnCheckpoint, saveDqnCheckpoint, type DqnCheckpointParts } from './dqn-checkpoint';
import { resolveDqnConfig, type DqnConfig } from './dqn-config';
import type { DqnEvent } from './dqn-event';
import { firstNonFiniteWeight } from './first-non-finite-weight';
import { dqnUpdate, variablesOf } from './dqn-update';
import { chooseDqnEngine } from './dqn-engine';
import { NativeDqnUpdate } from './native-dqn-update';
import { nativeQNetwork, type NativeQNetwork } from './native-q-network';
import { epsilonAt, resolveEpsilonScheduleConfig } from './epsilon-schedule';
import { EpsilonGreedyPolicy } from './epsilon-greedy-policy';
import { DivergenceError } from './errors';
import { evaluatePolicy } from './evaluate-policy';
import { NStepAccumulator } from './n-step-accumulator';
import { PrioritizedReplayBuffer } from './prioritized-replay-buffer';
import { priorityBetaAt } from './priority-beta-schedule';
import { ReplayBuffer } from './replay-buffer';
import { replayStorageFor } from './replay-storage';
import { TargetNetwork } from './target-network';

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a run needs besides its recorded config: the graceful stop, which is no part of config.json. */
export interface TrainDqnRuntime {
  /** Once aborted, training stops before the next frame, after a checkpoint of the frames since the last one (when `runDir` is set). */
  stop?: AbortSignal;
}

/** Trains a DQN agent; see the file comment. Config errors throw here, at call time. */
export function trainDqn(config: Partial<DqnConfig> = {}, runtime: TrainDqnRuntime = {}): Observable<DqnEvent> {
  const c = resolveDqnConfig(config);
  return new Observable<DqnEvent>((subscriber) => {
    const run = { stopped: false };
    runDqn(c, run, runtime, (event) => subscriber.next(event)).then(
      () => subscriber.complete(),
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      run.stopped = true;
    };
  });
}

/** The parts of an agent a run builds from its config: env facts, networks, policy. */
export interface DqnAgent {
  env: Env<ArrayLike<number>, number>;
  actions: number;
  observationShape: number[];
  observationDtype: 'uint8' | 'float32';
  networkKind: QNetworkKind;
  qNetwork: tf.LayersModel;
  tensors: BatchTensors;
  /** Frees the networks and closes the env. */
  dispose(): void;
}

/** Makes `c.env` and builds the online Q-network for it (weights seeded from `c.seed`). */
export function buildDqnAgent(c: DqnConfig): DqnAgent {
  const env = make<ArrayLike<number>, number>(c.env, c.envOptions);
  try {
    const { actions, observationShape, observationDtype } = checkDqnEnv(env as Env<unknown, unknown>, 'trainDqn');
    const networkKind = networkKindFor(c.network, observationShape);
    const qNetwork = buildQNetwork({ kind: networkKind, observationShape, actions, hidden: c.hidden, dueling: c.dueling, seed: c.seed });
    return {
      env, actions, observationShape, observationDtype, networkKind, qNetwork,
      tensors: new BatchTensors(observationShape, c.observationScale),
      dispose() {
        qNetwork.dispose();
        env.close();
      },
    };
  } catch (error) {
    env.close();
    throw error;
  }
}

async function runDqn(c: DqnConfig, run: { stopped: boolean }, runtime: TrainDqnRuntime, emit: (e: DqnEvent) => void): Promise<void> {
  const started = performance.now();
  const agent = buildDqnAgent(c);
  const { env, actions, observationShape, networkKind, qNetwork, tensors } = agent;
  const targetModel = buildQNetwork({ kind: networkKind, observationShape, actions, hidden: c.hidden, dueling: c.dueling, seed: c.seed });
  const optimizer: TrainingOptimizer = createOptimizer(c.optimizer);
  let evalEnv: Env<ArrayLike<number>, number> | null = null;
  let nativeUpdate: NativeDqnUpdate | null = null;
  let actingChain: NativeQNetwork | null = null;
  try {
    const target = new TargetNetwork(qNetwork, targetModel, { mode: c.targetMode, syncEvery: c.targetSyncEvery, tau: c.tau });
    const replayConfig = { capacity: c.replayCapacity, observationShape, ...replayStorageFor(env as Env<unknown, unknown>), seed: deriveSeed(c.seed, 'replay') };
    const replay = c.prioritized
      ? new PrioritizedReplayBuffer({ ...replayConfig, alpha: c.priorityAlpha })
      : new ReplayBuffer(replayConfig);
    const accumulator = new NStepAccumulator(c.nStep, c.gamma);
    const { engine } = chooseDqnEngine(c.engine, qNetwork);
    if (engine === 'native') {
      nativeUpdate = new NativeDqnUpdate(qNetwork, targetModel, optimizer, { gamma: c.gamma, loss: c.loss, double: c.double }, c.batchSize, c.observationScale);
      actingChain = nativeQNetwork(qNetwork, 1);
    }
    const policy = new EpsilonGreedyPolicy(qNetwork, actions, tensors, deriveSeed(c.seed, 'actor'), actingChain);
    const evalPolicy = new EpsilonGreedyPolicy(qNetwork, actions, tensors, deriveSeed(c.seed, 'eval'), actingChain);
    const schedule = resolveEpsilonScheduleConfig({ start: c.epsilonStart, end: c.epsilonEnd, decayFrames: c.epsilonDecayFrames, learningStarts: c.learningStarts });
    const variables = variablesOf(qNetwork);
    const parts: DqnCheckpointParts = {
      qNetwork, targetNetwork: targetModel, optimizer, replay,
      run: { seed: c.seed, batchSize: c.batchSize, trainCount: c.replayCapacity, optimizer: optimizer.config.name, weightShapes: qNetwork.weights.map((w) => w.shape.map((d) => d ?? -1)) },
    };

    let frame = 0;
    let update = 0;
    let episode = 0;
    let evalRounds = 0;
    let bestEvalReturn: number | null = null;
    const recentReturns: number[] = [];

    if (c.resume !== null) {
      const dir = latestDqnCheckpoint(c.resume);
      const state = await loadDqnCheckpoint(dir, parts, { env: c.env, network: networkKind, dueling: c.dueling });
      ({ frame, update, episode, evalRounds, bestEvalReturn } = state);
      recentReturns.push(...state.recentReturns);
      policy.rng.state = state.actorRng;
      // Checkpoints before the evaluation generator was saved leave it where the seed put it.
      if (state.evalRng !== undefined) evalPolicy.rng.state = state.evalRng;
      if (!state.hasReplay) replay.rngState = state.replayRng;
      emit({ type: 'resume', step: frame, update, episode, path: dir, replayRestored: state.hasReplay });
    }

    const checkpointsDir = c.runDir === null ? null : join(c.runDir, 'checkpoints');
    const state = () => ({
      env: c.env, network: networkKind, dueling: c.dueling, frame, update, episode, recentReturns: recentReturns.slice(),
      actorRng: policy.rng.state, evalRng: evalPolicy.rng.state, evalRounds, replayRng: replay.rngState, bestEvalReturn,
      config: { ...c, runDir: null, resume: null },
    });
    let checkpointedFrame = frame;
    const checkpoint = async () => {
      if (checkpointsDir === null) return;
      // A finite loss can still leave a non-finite weight (an overflowing step); such a
      // network must not replace the last good checkpoint.
      const bad = firstNonFiniteWeight(qNetwork);
      if (bad !== null) {
        throw new DivergenceError(`trainDqn expects finite weights before a checkpoint, but ${bad} at update ${update} (frame ${frame}). ` +
          'Lower the learning rate or clip gradients (optimizer.clipNorm); the last checkpoint was kept');
      }
      const path = await saveDqnCheckpoint(checkpointsDir, parts, state(), c.saveReplay, c.keepCheckpoints);
      checkpointedFrame = frame;
      emit({ type: 'checkpoint', step: frame, update, path });
    };

    let epsilon = epsilonAt(schedule, frame);
    const steps = actorSteps(env, (o) => policy.act(o, epsilon), { seed: c.seed, firstEpisode: episode });
    let lossSum = 0;
    let qSum = 0;
    let logged = 0;
    let windowFrame = frame;
    let windowStart = performance.now();

    while (frame < c.frames) {
      if (run.stopped) return;
      if (runtime.stop?.aborted) {
        // A checkpoint resumes at a fresh episode, as the periodic ones do; awaited here so that the finally cannot dispose the networks mid-save.
        if (frame > checkpointedFrame) await checkpoint();
        return;
      }
      epsilon = epsilonAt(schedule, frame);
      const t: Transition = steps.next().value;
      frame++;
      for (const stored of accumulator.push(t)) replay.addTransition(stored);
      if (t.terminated || t.truncated) {
        recentReturns.push(t.episodeReturn);
        if (recentReturns.length > 100) recentReturns.shift();
        emit({ type: 'episode-end', step: frame, episode: t.episode, return: t.episodeReturn, length: t.episodeStep, truncated: t.truncated && !t.terminated, epsilon });
        episode = t.episode + 1;
      }

      if (replay.size >= c.learningStarts && frame % c.updateEvery === 0) {
        for (let g = 0; g < c.gradientSteps; g++) {
          const sampled = replay instanceof PrioritizedReplayBuffer ? replay.sample(c.batchSize, priorityBetaAt(c.priorityBeta, frame, c.frames)) : replay.sample(c.batchSize);
          let result;
          if (nativeUpdate) {
            result = nativeUpdate.update(sampled);
          } else {
            const batch = tensors.fromReplay(sampled);
            try {
              result = dqnUpdate(qNetwork, targetModel, optimizer, batch, { gamma: c.gamma, loss: c.loss, double: c.double }, variables);
            } finally {
              disposeUpdateBatch(batch);
            }
          }
          update++;
          if (!Number.isFinite(result.loss)) {
            throw new DivergenceError(`trainDqn expects a finite TD loss, but received ${result.loss} at update ${update} (frame ${frame}). ` +
              'Lower the learning rate, clip gradients (optimizer.clipNorm) or check the rewards and observations for NaN; the last checkpoint was kept');
          }
          if (replay instanceof PrioritizedReplayBuffer) replay.updatePriorities(sampled.indices, result.tdErrors);
          lossSum += result.loss;
          qSum += result.meanQ;
          logged++;
          if (target.afterUpdate(update)) emit({ type: 'target-synced', step: frame, update });
          if (update % c.logEvery === 0) {
            const now = performance.now();
            emit({
              type: 'train-step', step: frame, update, loss: lossSum / logged, meanQ: qSum / logged, epsilon, learningRate: optimizer.learningRate,
              framesPerSecond: (frame - windowFrame) / Math.max(1e-9, (now - windowStart) / 1000), engine, tensors: tf.memory().numTensors,
              ...(c.prioritized ? { priorityBeta: priorityBetaAt(c.priorityBeta, frame, c.frames) } : {}),
            });
            lossSum = 0;
            qSum = 0;
            logged = 0;
            windowFrame = frame;
            windowStart = now;
          }
        }
      }

      if (c.evalEvery > 0 && frame % c.evalEvery === 0) {
        evalEnv ??= make<ArrayLike<number>, number>(c.env, c.envOptions);
        const result = evaluatePolicy(evalEnv, evalPolicy, c.evalEpisodes, c.evalEpsilon, deriveSeed(c.seed, `eval-${evalRounds}`));
        evalRounds++;
        emit({ type: 'eval', step: frame, episodes: c.evalEpisodes, meanReturn: result.mean, stdReturn: result.std, returns: result.returns, epsilon: c.evalEpsilon });
        if (bestEvalReturn === null || result.mean > bestEvalReturn) {
          bestEvalReturn = result.mean;
          if (c.keepBest && c.runDir !== null) {
            const path = await saveDqnCheckpoint(join(c.runDir, 'best'), parts, state(), false, 1);
            emit({ type: 'checkpoint', step: frame, update, path });
          }
        }
      }
      if (c.checkpointEvery > 0 && frame % c.checkpointEvery === 0 && frame < c.frames) await checkpoint();
      // Let an unsubscribe (or a signal handler) run between steps.
      if (frame % 64 === 0) await nextTick();
    }
    await checkpoint();
    const last100 = recentReturns.length > 0 ? recentReturns.reduce((s, r) => s + r, 0) / recentReturns.length : NaN;
    emit({ type: 'done', step: frame, update, episodes: episode, meanReturnLast100: last100, seconds: (performance.now() - started) / 1000 });
  } finally {
    nativeUpdate?.dispose();
    actingChain?.dispose();
    optimizer.dispose();
    targetModel.dispose();
    agent.dispose();
    evalEnv?.close();
  }
}

