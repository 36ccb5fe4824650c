/**
 * Test helper (not a test file): runs an experiment script in a child process under tsx, from
 * the repository root, on wasm with one thread, and collects its exit code and output.
 */
import { spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

export function runScript(path: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], {
      cwd: root, env: { ...process.env, DEEPER_WASM_THREADS: '1', DEEPER_BACKEND: 'wasm' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
