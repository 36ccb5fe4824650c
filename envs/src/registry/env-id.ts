/** Parses registry ids, `[namespace/]Name-vN` (Gymnasium's id grammar without the module prefix). */
import { UnknownEnvError } from '../errors';
import { describeValue } from './env-options';

export interface EnvId {
  /** e.g. `MinAtar`; undefined for ids without a namespace. */
  namespace: string | undefined;
  /** e.g. `Breakout`. */
  name: string;
  /** The N of `-vN`. */
  version: number;
}

const ID_PATTERN = /^(?:([A-Za-z][\w.-]*)\/)?([A-Za-z][\w.-]*?)-v(\d+)$/;

export function parseEnvId(id: string): EnvId {
  const match = typeof id === 'string' ? ID_PATTERN.exec(id) : null;
  if (!match) {
    throw new UnknownEnvError(`parseEnvId expects an id of the form [Namespace/]Name-vN (e.g. "CartPole-v1", "MinAtar/Breakout-v1"), but received ${describeValue(id)}`);
  }
  return { namespace: match[1], name: match[2], version: Number(match[3]) };
}

/** The id without its version: `MinAtar/Breakout` for `MinAtar/Breakout-v1`. */
export function unversionedId(id: EnvId): string {
  return id.namespace ? `${id.namespace}/${id.name}` : id.name;
}
