/** `deeper vision <data|segment|detect|style|caption|bench>`: the applications of @deeper/vision. */
import type { Command } from 'commander';
import { register as registerData } from './vision-data';
import { register as registerSegment } from './vision-segment';
import { register as registerDetect } from './vision-detect';
import { register as registerStyle } from './vision-style';
import { register as registerCaption } from './vision-caption';
import { register as registerBench } from './vision-bench';

export function register(program: Command): void {
  const vision = program.command('vision').description('generated vision datasets and the models of @deeper/vision');
  registerData(vision);
  registerSegment(vision);
  registerDetect(vision);
  registerStyle(vision);
  registerCaption(vision);
  registerBench(vision);
}
