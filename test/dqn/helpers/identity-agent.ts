import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import type { DqnConfig } from '../../../packages/dqn/src/dqn-config';
import { trainDqn } from '../../../packages/dqn/src/train-dqn';
import { identityEnvId } from './toy-envs';

/** A small agent for the 4-way identity env (episodes of 10 steps, optimum 10), which it learns in 2,500 frames. */
export const identity: Partial<DqnConfig> = {
  env: identityEnvId, network: 'mlp', hidden: [32], frames: 2500, replayCapacity: 5000, batchSize: 32, learningStarts: 200,
  gamma: 0.5, targetSyncEvery: 100, epsilonDecayFrames: 1000, epsilonEnd: 0.02, optimizer: { name: 'adam', learningRate: 3e-3 },
  evalEvery: 2500, evalEpisodes: 10, evalEpsilon: 0, checkpointEvery: 0, logEvery: 100, seed: 1,
};

/** Every event of one training run, in order. */
export const run = (config: Partial<DqnConfig>) => lastValueFrom(trainDqn(config).pipe(toArray()));

/** A fresh temporary folder for run folders. */
export const tempDir = () => mkdtempSync(join(tmpdir(), 'deeper-dqn-'));
