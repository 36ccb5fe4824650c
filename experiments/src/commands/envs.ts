/** `deeper envs <list|rollout|play|record>`: work with the environments of @deeper/envs. */
import type { Command } from 'commander';
import { register as registerList } from './envs-list';
import { register as registerRollout } from './envs-rollout';
import { register as registerPlay } from './envs-play';
import { register as registerRecord } from './envs-record';

export function register(program: Command): void {
  const envs = program.command('envs').description('list, roll out, play and record environments');
  registerList(envs);
  registerRollout(envs);
  registerPlay(envs);
  registerRecord(envs);
}
