/**
 * What `trainDcgan` emits: a union tagged by `type` whose members carry plain numbers and
 * strings, never tensors (STYLE.md, convention 5).
 */

/** One discriminator update and one generator update on a minibatch of real images. */
export interface GanStepEvent {
  type: 'step';
  /** Epoch index, from 0. */
  epoch: number;
  /** Steps (D + G updates) taken so far, this one included, from 1. */
  step: number;
  /** Index of this minibatch within its epoch, from 0. */
  batch: number;
  batchesPerEpoch: number;
  /** Real images in this minibatch (as many generated ones). */
  size: number;
  /** Discriminator loss: −log D(x) − log(1 − D(G(z))), each term a batch mean (Goodfellow et al. 2014, eq. 1). */
  dLoss: number;
  /** Generator loss, the non-saturating −log D(G(z)) (Goodfellow et al. 2014, §3). */
  gLoss: number;
  /** Mean D(x) on the real images, before the update. */
  dReal: number;
  /** Mean D(G(z)) on the generated images, before the discriminator's update. */
  dFake: number;
  /** Real images per second of wall-clock time for this step. */
  imagesPerSecond: number;
}

/** A grid of samples from the run's fixed latent points, written as a PNG. */
export interface GanSamplesEvent {
  type: 'samples';
  epoch: number;
  step: number;
  /** The PNG file. */
  path: string;
}

/** A checkpoint set (both networks, both optimizers, the loop's state) renamed into place. */
export interface GanCheckpointEvent {
  type: 'checkpoint';
  epoch: number;
  step: number;
  path: string;
}

/** Training continued from a checkpoint. */
export interface GanResumeEvent {
  type: 'resume';
  epoch: number;
  step: number;
  path: string;
  /** Only for a run that averages G's weights: the set's average was `restored`, or one was `started` at the loaded G (the set kept none, or one of another decay). */
  ema?: 'restored' | 'started';
}

/** The end of an epoch. */
export interface GanEpochEvent {
  type: 'epoch';
  epoch: number;
  step: number;
  /** Means over this run's steps of the epoch. */
  dLoss: number;
  gLoss: number;
  seconds: number;
  imagesPerSecond: number;
}

/** All epochs done. */
export interface GanDoneEvent {
  type: 'done';
  /** Epochs completed. */
  epoch: number;
  step: number;
  /** Wall-clock seconds of this run (since subscribe). */
  seconds: number;
}

export type GanEvent = GanStepEvent | GanSamplesEvent | GanCheckpointEvent | GanResumeEvent | GanEpochEvent | GanDoneEvent;
