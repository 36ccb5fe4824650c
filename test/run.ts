/**
 * The test command: runs every `test/**\/*.test.ts` in its own process under tsx and
 * adds up uvu's totals. It exists because uvu alone passes a file that forgets `.run()`
 * and prints no combined count: here a file that ran no test, crashed or printed no
 * summary is a failure, and the closing line is always `N passed, N failed`.
 *
 * Usage: pnpm test [filter ...]   (a filter keeps files whose path contains it)
 * DEEPER_TEST_JOBS sets how many files run at once (default 2, one per core here).
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const testDir = join(root, 'test');
const filters = process.argv.slice(2);
const jobs = Math.max(1, Number(process.env.DEEPER_TEST_JOBS ?? 2));

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

interface FileResult { file: string; passed: number; failed: number; skipped: number; seconds: number; output: string; problem?: string }

function runFile(file: string): Promise<FileResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      // Test files already run two at a time, one per core: a second wasm thread each would only contend.
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', DEEPER_WASM_THREADS: process.env.DEEPER_WASM_THREADS ?? '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code, signal) => {
      const seconds = (Date.now() - started) / 1000;
      const count = (label: string) => {
        const all = [...output.matchAll(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'gm'))];
        return all.length ? Number(all[all.length - 1][1]) : undefined;
      };
      const total = count('Total');
      const passed = count('Passed') ?? 0;
      const skipped = count('Skipped') ?? 0;
      let failed = total === undefined ? 0 : total - passed - skipped;
      let problem: string | undefined;
      if (total === undefined) problem = `printed no uvu summary (exit ${code ?? signal}): did it forget .run() or crash?`;
      else if (total === 0) problem = 'ran no test';
      else if (code !== 0 && failed === 0) problem = `exited with ${code ?? signal} after its tests passed (an unhandled error or leak at exit?)`;
      if (problem && failed === 0) failed = 1;
      resolve({ file, passed, failed, skipped, seconds, output, problem });
    });
  });
}

const files = findTests(testDir)
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
const results: FileResult[] = [];
let next = 0;
async function worker(): Promise<void> {
  while (next < files.length) {
    const file = files[next++];
    const r = await runFile(file);
    results.push(r);
    const name = relative(root, file);
    const status = r.failed > 0 ? 'FAIL' : 'ok  ';
    console.log(`${status} ${name}  ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped  (${r.seconds.toFixed(1)} s)`);
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
  console.log(`no test files matched ${filters.join(' ') || 'test/**/*.test.ts'}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
