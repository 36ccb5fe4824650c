/**
 * The test command: runs every `test/**\/*.test.ts` in its own process under tsx and
 * adds up uvu's totals. It exists because uvu alone passes a file that forgets `.run()`
 * and prints no combined count: here a file that ran no test, crashed, printed no summary
 * or ran past its time limit is a failure (./runner/file-result.ts counts each file), and
 * the closing line is always `N passed, N failed` (`, N skipped` when some were skipped).
 * It exits non-zero when a test failed or none passed.
 *
 * Usage: pnpm test [--root DIR] [filter ...]
 *   filter        keeps files whose path contains it
 *   --root DIR    looks for test files under DIR instead of test/ (the runner's own tests)
 * Folders named `fixtures` or `node_modules` are never searched.
 * DEEPER_TEST_JOBS sets how many files run at once (default 2, one per core here);
 * DEEPER_TEST_FILE_TIMEOUT the seconds one file may run before it is stopped (default 600).
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closingLine, fileResult, type FileResult } from './runner/file-result';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const rootFlag = args.indexOf('--root');
const testDir = rootFlag >= 0 ? resolve(args[rootFlag + 1] ?? '') : join(root, 'test');
const filters = rootFlag >= 0 ? args.filter((_, i) => i !== rootFlag && i !== rootFlag + 1) : args;

function positiveNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`the test command expects ${name} to be a positive number, but received ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}
const jobs = Math.floor(positiveNumber('DEEPER_TEST_JOBS', 2));
const fileTimeout = positiveNumber('DEEPER_TEST_FILE_TIMEOUT', 600);

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'fixtures' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

interface RunResult extends FileResult { file: string; seconds: number; output: string }

function runFile(file: string): Promise<RunResult> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      // Test files already run two at a time, one per core: a second wasm thread each would only contend.
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', DEEPER_WASM_THREADS: process.env.DEEPER_WASM_THREADS ?? '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, fileTimeout * 1000);
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      done({ file, seconds, output, ...fileResult(output, code, signal, timedOut ? fileTimeout : undefined) });
    });
  });
}

const files = findTests(testDir)
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
const results: RunResult[] = [];
let next = 0;
async function worker(): Promise<void> {
  while (next < files.length) {
    const file = files[next++];
    const r = await runFile(file);
    results.push(r);
    const name = relative(root, file);
    const status = r.failed > 0 ? 'FAIL' : 'ok  ';
    console.log(`${status} ${name}  ${closingLine(r.passed, r.failed, r.skipped)}  (${r.seconds.toFixed(1)} s)`);
    if (r.failed > 0) {
      console.log(r.output.split('\n').map((l) => `     | ${l}`).join('\n'));
      if (r.problem) console.log(`     ${name} ${r.problem}`);
    }
  }
}
await Promise.all(Array.from({ length: jobs }, worker));
const passed = results.reduce((s, r) => s + r.passed, 0);
let failed = results.reduce((s, r) => s + r.failed, 0);
const skipped = results.reduce((s, r) => s + r.skipped, 0);
if (files.length === 0) {
  console.log(`no test files matched ${filters.join(' ') || `${relative(root, testDir) || '.'}/**/*.test.ts`}`);
  failed += 1;
}
console.log(closingLine(passed, failed, skipped));
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
