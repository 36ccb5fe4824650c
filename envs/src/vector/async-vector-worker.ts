/**
 * The worker thread of `AsyncVectorEnv`: builds one env with `make(id, options)` and serves
 * reset/step/close messages, auto-resetting in the same step as `SyncVectorEnv` does.
 * Errors go back as `{ type: 'error', name, message }` so the main thread can rethrow them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { make } from '../registry/make';
import type { Env, ResetOptions } from '../env';

export type WorkerRequest =
  | { type: 'reset'; options: ResetOptions }
  | { type: 'step'; action: unknown }
  | { type: 'close' };

export interface WorkerData {
  id: string;
  options: Record<string, unknown>;
}

const port = parentPort;
if (port) {
  const { id, options } = workerData as WorkerData;
  let env: Env | undefined;
  try {
    env = make(id, options);
    port.postMessage({ type: 'ready' });
  } catch (error) {
    port.postMessage(errorMessage(error));
  }
  port.on('message', (request: WorkerRequest) => {
    if (!env) return;
    try {
      if (request.type === 'reset') {
        port.postMessage({ type: 'reset', ...env.reset(request.options) });
      } else if (request.type === 'step') {
        const result = env.step(request.action);
        if (result.terminated || result.truncated) {
          const next = env.reset();
          port.postMessage({
            type: 'step', ...result, observation: next.observation, info: next.info,
            finalObservation: result.observation, finalInfo: result.info,
          });
        } else {
          port.postMessage({ type: 'step', ...result });
        }
      } else if (request.type === 'close') {
        env.close();
        port.postMessage({ type: 'closed' });
        port.close();
      }
    } catch (error) {
      port.postMessage(errorMessage(error));
    }
  });
}

function errorMessage(error: unknown): { type: 'error'; name: string; message: string } {
  return error instanceof Error ? { type: 'error', name: error.name, message: error.message } : { type: 'error', name: 'Error', message: String(error) };
}
