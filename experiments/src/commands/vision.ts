/** `deeper vision <data|segment>`: the applications of @deeper/vision. */
import type { Command } from 'commander';
import { register as registerData } from './vision-data';
import { register as registerSegment } from './vision-segment';

export function register(program: Command): void {
  const vision = program.command('vision').description('generated vision datasets and the models of @deeper/vision');
  registerData(vision);
  registerSegment(vision);
}
