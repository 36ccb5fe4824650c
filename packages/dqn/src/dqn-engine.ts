/**
 * Which engine runs a DQN's network passes (DqnConfig.engine): core's NativeChain where the
 * native addon is loaded and the Q-network is a chain of Dense/Conv2D layers or a dueling
 * network of such chains (native-q-network.ts: every network here), else tfjs's kernels and
 * autodiff. 'native' asked
 * for where it cannot run is an error that says why; 'auto' falls back and says why.
 */
import type * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@deeper/core';
import { nativeQNetworkUnsupported } from './native-q-network';

export interface DqnEngineChoice {
  engine: 'native' | 'tfjs';
  /** Why the native engine was not chosen (null when it was, or when 'tfjs' was asked for). */
  reason: string | null;
}

export function chooseDqnEngine(requested: 'auto' | 'native' | 'tfjs', qNetwork: tf.LayersModel): DqnEngineChoice {
  if (requested === 'tfjs') return { engine: 'tfjs', reason: null };
  const reason = nativeQNetworkUnsupported(qNetwork);
  if (reason === null) return { engine: 'native', reason: null };
  if (requested === 'native') throw new ConfigError('trainDqn', 'engine', 'a setting the network and backend allow', 'native', `${reason}; use engine 'auto' or 'tfjs'`);
  return { engine: 'tfjs', reason };
}
