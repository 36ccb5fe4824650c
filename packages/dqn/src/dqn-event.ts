/**
 * What `trainDqn` emits: a union tagged by `type` whose members carry plain numbers, never
 * tensors. Every event has `step`, the frames (env steps) taken so far: the x-axis of the
 * learning curves, and what metrics.jsonl files them under.
 */

/** `logEvery` updates, summarised. */
export interface TrainStepEvent {
  type: 'train-step';
  step: number;
  /** Updates so far. */
  update: number;
  /** Mean TD loss over the updates since the last train-step event. */
  loss: number;
  /** Mean of Q(s, a; θ) over those updates' minibatches. */
  meanQ: number;
  /** ε of the latest action. */
  epsilon: number;
  learningRate: number;
  /** Frames per second of wall-clock time since the last train-step event (acting, learning, evaluation). */
  framesPerSecond: number;
  /** Who ran the networks' passes (DqnConfig.engine, resolved). */
  engine: 'native' | 'tfjs';
  /** Live tensors (tf.memory().numTensors) at this event: constant over a run that leaks none. */
  tensors: number;
  /** Prioritized replay only: the importance-sampling exponent β of the latest minibatch (annealed to 1). */
  priorityBeta?: number;
}

/** A training episode ended. */
export interface EpisodeEndEvent {
  type: 'episode-end';
  step: number;
  /** Episode index, from 0. */
  episode: number;
  /** Undiscounted return. */
  return: number;
  length: number;
  /** Whether a time limit (not the MDP) ended it. */
  truncated: boolean;
  epsilon: number;
}

/** An evaluation round (the evaluation protocol: K episodes, ε_eval, its own env). */
export interface EvalEvent {
  type: 'eval';
  step: number;
  episodes: number;
  meanReturn: number;
  stdReturn: number;
  returns: number[];
  epsilon: number;
}

/** The target network was synced (hard copy or Polyak step). */
export interface TargetSyncedEvent {
  type: 'target-synced';
  step: number;
  update: number;
}

/** A checkpoint complete on disk. */
export interface DqnCheckpointEvent {
  type: 'checkpoint';
  step: number;
  update: number;
  path: string;
}

/** Training continued from a checkpoint. */
export interface DqnResumeEvent {
  type: 'resume';
  step: number;
  update: number;
  episode: number;
  path: string;
  /** Whether the replay buffer was restored too (else it refills before learning resumes). */
  replayRestored: boolean;
}

/** The run reached its frame budget. */
export interface DqnDoneEvent {
  type: 'done';
  step: number;
  update: number;
  episodes: number;
  /** Mean return of the last 100 training episodes (the paper's figure), NaN without one. */
  meanReturnLast100: number;
  /** Seconds of this run (since subscribe). */
  seconds: number;
}

export type DqnEvent = TrainStepEvent | EpisodeEndEvent | EvalEvent | TargetSyncedEvent | DqnCheckpointEvent | DqnResumeEvent | DqnDoneEvent;

export type DqnEventType = DqnEvent['type'];
