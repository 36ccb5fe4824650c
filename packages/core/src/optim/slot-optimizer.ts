/**
 * The base of deeper's optimizers: a `tf.Optimizer` whose learning rate may change between
 * steps (schedules), whose per-variable state ("slots": moment averages, momentum buffers) is
 * named `<variable>/<slot>` for checkpoints, and whose update math each subclass writes in one
 * `update` method that reads like the paper.
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../errors';

/** A named tensor, as tf.Optimizer's getWeights/setWeights exchange them (tfjs does not export the type). */
export interface NamedTensor { name: string; tensor: tf.Tensor }

/** What `update` receives for one variable. */
export interface SlotUpdateArgs {
  value: tf.Tensor; gradient: tf.Tensor; slots: Record<string, tf.Tensor>; learningRate: number; t: number; fresh: boolean;
}

/** What `update` returns: the variable's new value and each slot's. */
export interface SlotUpdate { value: tf.Tensor; slots: Record<string, tf.Tensor> }

/** What `fusedUpdate` receives for one variable: as `update`, but the gradient before weight decay. */
export interface FusedUpdateArgs { value: tf.Tensor; gradient: tf.Tensor; slots: Record<string, tf.Tensor>; learningRate: number; t: number }

export abstract class SlotOptimizer extends tf.Optimizer {
  /**
   * Whether optimizers run their update as one fused kernel where the backend has one (wasm:
   * backend/wasm-kernels/fused-optimizer-step.ts), default true; false composes every update
   * from ops. The same float32 results either way; benchmarks and tests switch it.
   */
  static useFusedKernels = true;
  /** The step size the next `applyGradients` uses; schedules set it before every step. */
  learningRate: number;
  /** The L2 penalty λ added to each gradient (PyTorch's coupled weight_decay). */
  readonly weightDecay: number;
  private readonly slots = new Map<string, Map<string, tf.Variable>>();

  protected constructor(learningRate: number, weightDecay: number) {
    super();
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }

  /** The slot names this optimizer keeps per variable, in a fixed order. */
  protected abstract readonly slotNames: readonly string[];

  /** The value a slot starts from, before the first update of its variable. */
  protected initialSlot(_slot: string, variable: tf.Variable): tf.Tensor {
    return tf.zerosLike(variable);
  }

  /**
   * One update of one variable, inside a tidy. `t` is the 1-based step number, `fresh` whether
   * the slots were just created (PyTorch's SGD seeds its momentum buffer with the first gradient).
   * Returns the new value of the variable and of each slot, by name.
   */
  protected abstract update(args: SlotUpdateArgs): SlotUpdate;

  /**
   * The same update as `update`, weight decay included, as one kernel where the active
   * backend has it: the new value, then each slot in `slotNames` order. Null (the default,
   * and where the backend lacks the kernel) composes `update` from ops instead.
   */
  protected fusedUpdate(_args: FusedUpdateArgs): tf.Tensor[] | null {
    return null;
  }

  /**
   * The same fused update written over the variable and its slots where they lie, when the
   * backend allows it and nothing else can see those buffers (fusedOptimizerStepInPlace);
   * false (the default) when it did not run, and `fusedUpdate` runs instead.
   */
  protected fusedUpdateInPlace(_args: FusedUpdateArgs): boolean {
    return false;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    const t = this.iterations + 1;
    const registered = tf.engine().registeredVariables;
    for (const [name, gradient] of entries) {
      if (gradient == null) continue;
      const variable = registered[name];
      if (variable == null) throw new Error(`${this.getClassName()}.applyGradients expects gradients of registered variables, but received one for unknown variable ${JSON.stringify(name)}`);
      const fresh = !this.slots.has(name);
      const slots = this.slotsOf(name, variable);
      if (SlotOptimizer.useFusedKernels && !fresh &&
          this.fusedUpdateInPlace({ value: variable, gradient, slots: Object.fromEntries(slots), learningRate: this.learningRate, t })) {
        continue;
      }
      tf.tidy(() => {
        const fused = SlotOptimizer.useFusedKernels
          ? this.fusedUpdate({ value: variable, gradient, slots: Object.fromEntries(slots), learningRate: this.learningRate, t })
          : null;
        if (fused) {
          variable.assign(fused[0]);
          this.slotNames.forEach((slot, i) => slots.get(slot)!.assign(fused[i + 1]));
          return;
        }
        const decayed = this.weightDecay === 0 ? gradient : tf.add(gradient, tf.mul(variable, this.weightDecay));
        const result = this.update({
          value: variable, gradient: decayed, learningRate: this.learningRate, t, fresh,
          slots: Object.fromEntries(slots),
        });
        variable.assign(result.value);
        for (const [slot, v] of slots) v.assign(result.slots[slot]);
      });
    }
    this.incrementIterations();
  }

  private slotsOf(name: string, variable: tf.Variable): Map<string, tf.Variable> {
    let slots = this.slots.get(name);
    if (slots == null) {
      slots = new Map();
      for (const slot of this.slotNames) {
        const initial = this.initialSlot(slot, variable);
        slots.set(slot, tf.variable(initial, false));
        initial.dispose();
      }
      this.slots.set(name, slots);
    }
    return slots;
  }

  override dispose(): void {
    for (const slots of this.slots.values()) for (const v of slots.values()) v.dispose();
    this.slots.clear();
    super.dispose();
  }

  /** The step counter (`iter`) then every slot as `<variable>/<slot>`, as live variables. */
  override async getWeights(): Promise<NamedTensor[]> {
    const weights: NamedTensor[] = [await this.saveIterations()];
    for (const [name, slots] of this.slots) {
      for (const [slot, v] of slots) weights.push({ name: `${name}/${slot}`, tensor: v });
    }
    return weights;
  }

  /** Restores what `getWeights` returned, creating slots for variables not seen yet. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    if (weightValues.length === 0 || weightValues[0].name !== 'iter') {
      throw new CheckpointError(`${this.getClassName()} state`, `its first entry should be the step counter "iter", and it is ${JSON.stringify(weightValues[0]?.name)}`);
    }
    const rest = await this.extractIterations(weightValues);
    const registered = tf.engine().registeredVariables;
    for (const { name: full, tensor } of rest) {
      const cut = full.lastIndexOf('/');
      const name = full.slice(0, cut);
      const slot = full.slice(cut + 1);
      const variable = registered[name];
      if (cut < 0 || !this.slotNames.includes(slot) || variable == null) {
        throw new CheckpointError(`${this.getClassName()} state`, `entry ${JSON.stringify(full)} names no slot (${this.slotNames.join(', ')}) of a registered variable`);
      }
      if (!tf.util.arraysEqual(tensor.shape, variable.shape)) {
        throw new CheckpointError(`${this.getClassName()} state`, `entry ${JSON.stringify(full)} has shape [${tensor.shape}] and its variable [${variable.shape}]`);
      }
      this.slotsOf(name, variable).get(slot)!.assign(tensor);
    }
  }
}
