/**
 * The registry's store: `register(spec)` adds an env, `getSpec` and `registeredSpecs` read it.
 * Building envs from ids is `make` (./make.ts), which also loads the default registrations;
 * this file has no dependencies so that env modules can register themselves without cycles.
 */
import { EnvError, EnvOptionError } from '../errors';
import type { EnvSpec } from './env-spec';
import { parseEnvId } from './env-id';
import { describeValue } from './env-options';

const specs = new Map<string, EnvSpec>();

/** Adds `spec` under `spec.id`; registering an id twice is an error (a likely copy-paste slip). */
export function register(spec: EnvSpec): void {
  if (spec === null || typeof spec !== 'object' || typeof spec.create !== 'function') {
    throw new EnvOptionError(`register expects an EnvSpec with an id and a create function, but received ${describeValue(spec)}`);
  }
  parseEnvId(spec.id);
  if (specs.has(spec.id)) {
    throw new EnvError(`register expects a new id, but received ${JSON.stringify(spec.id)}, which is already registered; bump the version (-vN) for a changed env`);
  }
  if (spec.maxEpisodeSteps !== undefined && (!Number.isInteger(spec.maxEpisodeSteps) || spec.maxEpisodeSteps < 1)) {
    throw new EnvOptionError(`register expects maxEpisodeSteps to be a positive integer, but received ${describeValue(spec.maxEpisodeSteps)} for ${spec.id}`);
  }
  specs.set(spec.id, { ...spec });
}

/** The spec registered under `id`, or undefined. */
export function getSpec(id: string): EnvSpec | undefined {
  return specs.get(id);
}

/** Every registered spec, sorted by id. */
export function registeredSpecs(): EnvSpec[] {
  return [...specs.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
