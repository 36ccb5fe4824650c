/**
 * `deeper envs list [--json]`: every registered env with its action and observation
 * spaces, step limit, reward threshold and description. With `--json`, one object per line.
 */
import type { Command } from 'commander';
import { listEnvs, make } from '@deeper/envs';

export interface EnvListing {
  id: string;
  actionSpace: string;
  observationSpace: string;
  maxEpisodeSteps: number | null;
  rewardThreshold: number | null;
  description: string;
}

/** One listing per registered env, sorted by id; each env is built once to read its spaces. */
export function listEnvironments(): EnvListing[] {
  return listEnvs().map((spec) => {
    const env = make(spec.id);
    try {
      return {
        id: spec.id,
        actionSpace: env.actionSpace.toString(),
        observationSpace: env.observationSpace.toString(),
        maxEpisodeSteps: spec.maxEpisodeSteps ?? null,
        rewardThreshold: spec.rewardThreshold ?? null,
        description: spec.description,
      };
    } finally {
      env.close();
    }
  });
}

/** A plain-text table with a header row; columns padded to their widest cell. */
export function formatEnvTable(listings: readonly EnvListing[]): string {
  const header = ['id', 'actions', 'observations', 'max steps', 'threshold', 'description'];
  const rows = listings.map((l) => [l.id, l.actionSpace, l.observationSpace, l.maxEpisodeSteps === null ? '-' : String(l.maxEpisodeSteps), l.rewardThreshold === null ? '-' : String(l.rewardThreshold), l.description]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export function register(envs: Command): void {
  envs
    .command('list')
    .description('list the registered environments')
    .option('--json', 'one JSON object per line instead of a table')
    .action((opts: { json?: boolean }) => {
      const listings = listEnvironments();
      if (opts.json) for (const l of listings) console.log(JSON.stringify(l));
      else console.log(formatEnvTable(listings));
    });
}
