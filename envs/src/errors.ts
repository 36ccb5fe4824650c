/**
 * Errors of @deeper/envs. Messages say `<who> expects <what>, but received <value>` and then
 * the likely fix (STYLE.md, convention 7).
 */

/** Base class of every error an environment, space, wrapper or the registry throws. */
export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `step` got an action its action space does not contain. */
export class InvalidActionError extends EnvError {}

/** `step` was called after the episode ended, before `reset`. */
export class ResetNeededError extends EnvError {}

/** `make` got an id the registry does not know. */
export class UnknownEnvError extends EnvError {}

/** An env, wrapper or space got an option it does not know, or a bad value for one. */
export class EnvOptionError extends EnvError {}
