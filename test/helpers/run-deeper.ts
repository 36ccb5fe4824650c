/**
 * Runs the `deeper` command line (experiments/src/main.ts under tsx) in a child process from the
 * repository root, for the tests of commands: what it printed and its exit code.
 */
import { spawn } from 'node:child_process';

export interface Ran { code: number | null; stdout: string; stderr: string }

export interface RunDeeperOptions {
  /** The child's environment; default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Called with all stderr so far on each chunk; `signal` sends the child a signal (once). */
  onStderr?: (stderr: string, signal: (name?: NodeJS.Signals) => void) => void;
}

const root = new URL('../..', import.meta.url).pathname;

/** `deeper <args…>`; resolves when the child exits. */
export function runDeeper(args: string[], options: RunDeeperOptions = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'experiments/src/main.ts', ...args], { cwd: root, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      options.onStderr?.(stderr, (name = 'SIGKILL') => {
        if (!signalled) child.kill(name);
        signalled = true;
      });
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `deeper --backend wasm <args…>` on one wasm thread: how the command tests run training. */
export function runDeeperWasm(args: string[], onStderr?: RunDeeperOptions['onStderr']): Promise<Ran> {
  return runDeeper(['--backend', 'wasm', ...args], { env: { ...process.env, DEEPER_WASM_THREADS: '1' }, onStderr });
}
