/** `deeper dqn <train|eval|play>`: Deep Q-Networks from @deeper/dqn. */
import type { Command } from 'commander';
import { register as registerTrain } from './dqn-train';
import { register as registerEval } from './dqn-eval';
import { register as registerPlay } from './dqn-play';

export function register(program: Command): void {
  const dqn = program.command('dqn').description('train, evaluate and watch DQN agents');
  registerTrain(dqn);
  registerEval(dqn);
  registerPlay(dqn);
}
