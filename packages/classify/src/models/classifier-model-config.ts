/** What every registered classifier is built from: the images it takes and the classes it tells apart. */
import { checkInteger, ConfigError } from '@deeper/core';

export interface ClassifierModelConfig {
  /** Input height, width, channels, e.g. [28, 28, 1] (Fashion-MNIST) or [32, 32, 3] (CIFAR-10). */
  inputShape: [number, number, number];
  /** Output classes; at least 2. */
  classes: number;
  /** Seed of every initializer and dropout mask; a non-negative integer. */
  seed: number;
}

export function checkClassifierModelConfig<C extends ClassifierModelConfig>(who: string, c: C): C {
  if (!Array.isArray(c.inputShape) || c.inputShape.length !== 3) throw new ConfigError(who, 'inputShape', '[height, width, channels]', c.inputShape);
  c.inputShape.forEach((d, i) => checkInteger(who, `inputShape[${i}]`, d, 1));
  checkInteger(who, 'classes', c.classes, 2);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}
