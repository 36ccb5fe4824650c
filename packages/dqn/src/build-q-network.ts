/**
 * Picks and builds the Q-network for an env's observation shape: the MLP for vectors, the
 * MinAtar network for small grids, the Nature network for frames ('auto'), or the one named.
 */
import type * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@deeper/core';
import { mlpQNetwork } from './mlp-q-network';
import { minatarQNetwork } from './minatar-q-network';
import { natureQNetwork } from './nature-q-network';

export type QNetworkKind = 'mlp' | 'minatar' | 'nature';

export interface QNetworkSpec {
  kind: QNetworkKind;
  observationShape: number[];
  actions: number;
  /** Hidden sizes of the MLP. */
  hidden: number[];
  dueling: boolean;
  seed: number;
}

/** The network 'auto' picks for `observationShape`: mlp (rank 1), minatar (rank 3 up to 32×32), nature (larger rank 3). */
export function networkKindFor(requested: 'auto' | QNetworkKind, observationShape: readonly number[]): QNetworkKind {
  const rank = observationShape.length;
  const kind: QNetworkKind = requested !== 'auto' ? requested : rank === 1 ? 'mlp' : rank === 3 && Math.max(observationShape[0], observationShape[1]) <= 32 ? 'minatar' : 'nature';
  const needed = kind === 'mlp' ? 1 : 3;
  if (rank !== needed) {
    throw new ConfigError('buildQNetwork', 'network', `a network for rank-${rank} observations (shape [${observationShape.join(', ')}])`, kind,
      kind === 'mlp' ? "Use 'minatar' or 'nature' for image observations" : "Use 'mlp' for vector observations");
  }
  return kind;
}

export function buildQNetwork(spec: QNetworkSpec): tf.LayersModel {
  switch (spec.kind) {
    case 'mlp':
      return mlpQNetwork({ inputSize: spec.observationShape[0], actions: spec.actions, hidden: spec.hidden, dueling: spec.dueling, seed: spec.seed });
    case 'minatar':
      return minatarQNetwork({ inputShape: spec.observationShape, actions: spec.actions, dueling: spec.dueling, seed: spec.seed });
    case 'nature':
      return natureQNetwork({ inputShape: spec.observationShape, actions: spec.actions, dueling: spec.dueling, seed: spec.seed });
  }
}
