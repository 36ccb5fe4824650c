import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { closingLine, fileResult } from './file-result';

const summary = (total: number, passed: number, skipped: number) =>
  `\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  1.00ms\n\n`;

const counts = suite('fileResult');

counts('failures are Total − Passed, skips apart (uvu leaves skipped tests out of Total)', () => {
  assert.equal(fileResult(summary(2, 2, 1), 0), { passed: 2, failed: 0, skipped: 1 });
  assert.equal(fileResult(summary(1, 0, 1), 1), { passed: 0, failed: 1, skipped: 1 });
  assert.equal(fileResult(summary(3, 1, 0), 1), { passed: 1, failed: 2, skipped: 0 });
});

counts('a file without a summary, without tests, or that crashed after passing counts one failure', () => {
  assert.is(fileResult('', 0).failed, 1);
  assert.match(fileResult('', 0).problem!, /forget \.run\(\)/);
  assert.match(fileResult('', 13).problem!, /exit 13: Node's unsettled top-level await/);
  assert.is(fileResult(summary(0, 0, 0), 0).failed, 1);
  assert.is(fileResult(summary(0, 0, 0), 0).problem, 'ran no test');
  const crashed = fileResult(summary(1, 1, 0), 1);
  assert.equal([crashed.passed, crashed.failed], [1, 1]);
  assert.match(crashed.problem!, /exited with 1 after its tests passed/);
});

counts('a file stopped at its time limit is a failure that says so', () => {
  const stopped = fileResult('', null, 'SIGKILL', 600);
  assert.is(stopped.failed, 1);
  assert.match(stopped.problem!, /stopped after 600 s/);
});

counts('the last summary counts when a file prints several', () => {
  assert.equal(fileResult(summary(1, 1, 0) + summary(2, 1, 0), 1), { passed: 1, failed: 1, skipped: 0 });
});

const closing = suite('closingLine');

closing('says N passed, N failed, and the skips only when there are some', () => {
  assert.is(closingLine(3, 0, 0), '3 passed, 0 failed');
  assert.is(closingLine(0, 1, 1), '0 passed, 1 failed, 1 skipped');
});

const runner = suite('the test command on fixture files');
const runScript = fileURLToPath(new URL('../run.ts', import.meta.url));

function runFixtures(name: string) {
  const dir = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', runScript, '--root', dir], { encoding: 'utf8', timeout: 120_000 });
  const lines = child.stdout.trim().split('\n');
  return { status: child.status, closing: lines[lines.length - 1], stdout: child.stdout };
}

const expected: [string, string, number][] = [
  ['pass', '2 passed, 0 failed', 0],
  ['fail', '1 passed, 1 failed', 1],
  ['skip', '1 passed, 0 failed, 1 skipped', 0],
  ['fail-skip', '0 passed, 1 failed, 1 skipped', 1],
  ['crash-after-pass', '1 passed, 1 failed', 1],
  ['no-run', '0 passed, 1 failed', 1],
  ['empty-suite', '0 passed, 1 failed', 1],
];

for (const [name, line, status] of expected) {
  runner(`${name}: closes with "${line}" and exits ${status}`, () => {
    const result = runFixtures(name);
    assert.is(result.closing, line, result.stdout);
    assert.is(result.status, status, result.stdout);
  });
}

runner('a filter that matches no file is a failure', () => {
  const dir = fileURLToPath(new URL('./fixtures/pass', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', runScript, '--root', dir, 'no-such-file'], { encoding: 'utf8', timeout: 60_000 });
  assert.match(child.stdout, /no test files matched no-such-file\n0 passed, 1 failed\n$/);
  assert.is(child.status, 1);
});

counts.run();
closing.run();
runner.run();
