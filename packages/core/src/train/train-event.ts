/**
 * What `fit` emits: a union tagged by `type` whose members carry plain numbers and
 * strings, never tensors, so subscribers (progress bars, JSONL, plots) cannot leak memory
 * or hold a backend alive.
 */

/** One optimizer step. */
export interface BatchEvent {
  type: 'batch';
  /** Epoch index, from 0. */
  epoch: number;
  /** Optimizer steps taken so far, this one included (from 1). */
  step: number;
  /** Index of this minibatch within its epoch, from 0. */
  batch: number;
  /** Minibatches per epoch. */
  batchesPerEpoch: number;
  /** Samples in this minibatch. */
  size: number;
  /** Mean training loss of the minibatch. */
  loss: number;
  /** Fraction of the minibatch classified correctly (argmax of output vs target). */
  accuracy: number;
  /** Samples per second of wall-clock time for this step (data, forward, backward, update). */
  samplesPerSecond: number;
  /** Learning rate this step used. */
  learningRate: number;
}

/** The end of an epoch's training steps. */
export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  step: number;
  /** Mean of the epoch's minibatch losses, weighted by minibatch size (this run's batches only after a resume mid-epoch). */
  loss: number;
  /** Mean training accuracy over the epoch, weighted likewise. */
  accuracy: number;
  /** Wall-clock seconds of the epoch's steps. */
  seconds: number;
  samplesPerSecond: number;
}

/** Evaluation on the validation data, after an epoch. */
export interface ValidationEvent {
  type: 'validation';
  epoch: number;
  step: number;
  loss: number;
  accuracy: number;
  /** Best validation accuracy so far, this one included. */
  bestAccuracy: number;
  /** Whether this evaluation is the best so far. */
  isBest: boolean;
}

/** A checkpoint written (complete and renamed into place) into the run folder. */
export interface CheckpointEvent {
  type: 'checkpoint';
  epoch: number;
  step: number;
  /** The checkpoint's directory. */
  path: string;
}

/** Training continued from a checkpoint instead of from the start. */
export interface ResumeEvent {
  type: 'resume';
  /** Epoch and step the run continues from. */
  epoch: number;
  step: number;
  /** The checkpoint directory it was restored from. */
  path: string;
}

/** The loop finished all its epochs. */
export interface DoneEvent {
  type: 'done';
  /** Epochs completed. */
  epoch: number;
  step: number;
  /** Loss and accuracy of the last epoch (NaN if it ran no step in this run). */
  loss: number;
  accuracy: number;
  /** Last and best validation accuracy (NaN without validation data). */
  validationAccuracy: number;
  bestValidationAccuracy: number;
  /** Wall-clock seconds of this run (since subscribe). */
  seconds: number;
}

export type TrainEvent = BatchEvent | EpochEvent | ValidationEvent | CheckpointEvent | ResumeEvent | DoneEvent;

/** The tags of `TrainEvent`. */
export type TrainEventType = TrainEvent['type'];
