/**
 * `make(id, options)`: builds a registered env (Gymnasium's `gymnasium.make`). It merges
 * `options` over the spec's `defaultOptions` (an unknown option is an `EnvOptionError`
 * naming the known ones), wraps the env in `TimeLimit(maxEpisodeSteps)` when the spec has a
 * limit, and sets `env.spec`. An unknown id is an `UnknownEnvError` that suggests close ids
 * and, when only the version is wrong, the versions that exist.
 */
import type { Env } from '../env';
import { UnknownEnvError } from '../errors';
import { TimeLimit } from '../wrappers/time-limit';
import type { EnvSpec } from './env-spec';
import { parseEnvId, unversionedId } from './env-id';
import { checkEnvInteger, describeValue, resolveEnvOptions } from './env-options';
import { getSpec, registeredSpecs } from './registry';
import './default-registrations';

export interface MakeConfig {
  /** Overrides the spec's step limit; `null` removes the TimeLimit. Default: the spec's. */
  maxEpisodeSteps?: number | null;
}

export function make<Obs = unknown, Act = unknown>(id: string, options: Record<string, unknown> = {}, config: MakeConfig = {}): Env<Obs, Act> {
  const spec = findSpec(id);
  const who = `make(${JSON.stringify(id)})`;
  const merged = resolveEnvOptions(who, { ...(spec.defaultOptions ?? {}) }, options);
  const { maxEpisodeSteps } = resolveEnvOptions(`${who} config`, { maxEpisodeSteps: spec.maxEpisodeSteps as number | null | undefined }, config);
  let env = spec.create(merged) as Env<Obs, Act>;
  if (maxEpisodeSteps !== undefined && maxEpisodeSteps !== null) {
    env = new TimeLimit(env, { maxEpisodeSteps: checkEnvInteger(who, 'maxEpisodeSteps', maxEpisodeSteps, 1) });
  }
  env.spec = { ...spec, maxEpisodeSteps: maxEpisodeSteps ?? undefined, defaultOptions: merged };
  return env;
}

/** The registered spec for `id`, or an UnknownEnvError with suggestions. */
export function findSpec(id: string): EnvSpec {
  if (typeof id !== 'string') throw new UnknownEnvError(`make expects an env id string, but received ${describeValue(id)}`);
  const spec = getSpec(id);
  if (spec) return spec;
  const all = registeredSpecs().map((s) => s.id);
  let versionHint = '';
  try {
    const wanted = unversionedId(parseEnvId(id));
    const versions = all.filter((other) => unversionedId(parseEnvId(other)) === wanted);
    if (versions.length > 0) versionHint = `; ${wanted} exists in version${versions.length > 1 ? 's' : ''} ${versions.join(', ')}`;
  } catch {
    // Not even a well-formed id: the close-match list below is the whole hint.
  }
  const close = closeMatches(id, all);
  const suggestion = versionHint || (close.length ? `; did you mean ${close.map((c) => JSON.stringify(c)).join(' or ')}?` : '; run `deeper envs list` to see them');
  throw new UnknownEnvError(`make expects a registered env id, but received ${JSON.stringify(id)}${suggestion}`);
}

/** Up to three ids within a third of the query's length in edit distance, closest first. */
export function closeMatches(query: string, candidates: readonly string[]): string[] {
  const limit = Math.max(2, Math.ceil(query.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(query.toLowerCase(), c.toLowerCase()) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .slice(0, 3)
    .map(({ c }) => c);
}

/** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
