/** `listEnvs()`: every registered spec, sorted by id, default registrations included. */
import type { EnvSpec } from './env-spec';
import { registeredSpecs } from './registry';
import './default-registrations';

export function listEnvs(): EnvSpec[] {
  return registeredSpecs();
}
