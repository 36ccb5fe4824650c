/** `deeper gan <train|sample|interpolate|score>`: DCGANs on MNIST, Fashion-MNIST or a folder of PNGs. */
import type { Command } from 'commander';
import { register as registerTrain } from './gan-train';
import { register as registerSample } from './gan-sample';
import { register as registerInterpolate } from './gan-interpolate';
import { register as registerScore } from './gan-score';

export function register(program: Command): void {
  const gan = program.command('gan').description('train DCGANs, sample and interpolate images, score their quality');
  registerTrain(gan);
  registerSample(gan);
  registerInterpolate(gan);
  registerScore(gan);
}
