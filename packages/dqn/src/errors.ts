/**
 * Errors of @deeper/dqn. Messages say `<who> expects <what>, but received <value>` and then
 * the likely fix (STYLE.md, convention 7). Config fields with bad values throw core's
 * `ConfigError`; these are the failures that only show while an agent acts or learns.
 */
import { DeeperError } from '@deeper/core';

/** Base class of what the DQN agent throws at run time. */
export class DqnError extends DeeperError {}

/** An env the agent cannot drive: a non-discrete action space, an observation of the wrong shape. */
export class DqnEnvError extends DqnError {}

/** Training diverged: a non-finite TD loss. The last good checkpoint is kept. */
export class DivergenceError extends DqnError {}
