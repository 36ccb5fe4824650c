/**
 * Opens a finished (or interrupted) training run for evaluation or play: reads the config
 * its `config.json` recorded, rebuilds the env and the Q-network, and loads the online
 * network's weights from the run's newest checkpoint.
 */
import { join } from 'node:path';
import { openRunFolder } from '@deeper/core';
import { latestDqnCheckpoint, loadQNetworkWeights } from './dqn-checkpoint';
import { resolveDqnConfig, type DqnConfig } from './dqn-config';
import { EpsilonGreedyPolicy } from './epsilon-greedy-policy';
import { buildDqnAgent, type DqnAgent } from './train-dqn';

export interface DqnRun {
  config: DqnConfig;
  /** The checkpoint the weights came from. */
  checkpoint: string;
  agent: DqnAgent;
  /** ε-greedy over the loaded network, its generator seeded by `seed`. */
  policy: EpsilonGreedyPolicy;
}

/**
 * Loads run folder `runDir`; `env` overrides the recorded env id (same spaces needed);
 * `checkpoint` picks the checkpoint: a path, 'best' (the run's best evaluation, `best/`), or
 * by default the newest one.
 */
export async function loadDqnRun(runDir: string, options: { env?: string; seed?: number; checkpoint?: string } = {}): Promise<DqnRun> {
  const opened = openRunFolder(runDir);
  const recorded = Object.fromEntries(Object.entries(opened.config).filter(([key]) => key in resolveDqnConfig({}))) as Partial<DqnConfig>;
  const config = resolveDqnConfig({ ...recorded, runDir: null, resume: null, ...(options.env ? { env: options.env } : {}) });
  const checkpoint = latestDqnCheckpoint(options.checkpoint === undefined ? runDir : options.checkpoint === 'best' ? join(runDir, 'best') : options.checkpoint);
  const agent = buildDqnAgent(config);
  try {
    await loadQNetworkWeights(checkpoint, agent.qNetwork);
  } catch (error) {
    agent.dispose();
    throw error;
  }
  return { config, checkpoint, agent, policy: new EpsilonGreedyPolicy(agent.qNetwork, agent.actions, agent.tensors, options.seed ?? 0) };
}
