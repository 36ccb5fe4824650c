/**
 * Every package as a user outside the repository gets it: built (`pnpm build`), packed
 * (`pnpm pack`), installed from the tarballs with plain npm into empty projects in the
 * temp folder (no workspace, no tsx), and run in plain node through the smoke scripts in
 * ./fixtures. Two projects share the installs: @deeper/envs alone (no TensorFlow.js may
 * come with it), and @deeper/core alone to which the other packages are then added. The
 * shipped .d.ts files are type-checked with a TypeScript consumer, and an old Node is
 * refused by name. 125–206 s here, on a shared machine at load average 5–13 (a clean checkout
 * builds every package first);
 * npm's cache keeps repeated runs off the network.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildAll, fixtures, newProject, npmInstall, outsideRepoFolder, packAll, packageFolders, repoRoot, run, runSmoke, tarballFiles,
} from './pack-install';

const Packaging = suite('packaging');

const made: string[] = [];
let tarballs: Record<string, string> = {};
let envsProject = '';
let project = '';

/** A Node older than engines allows, as far as the packages can tell (process.versions.node). */
const oldNode = `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'18.20.8'})`;

function copyFixture(name: string, into: string, as = name): string {
  copyFileSync(join(fixtures, name), join(into, as));
  return join(into, as);
}

Packaging.after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

Packaging('each package README opens with its install line and, verbatim, the example this test runs, and says why each dependency is there', () => {
  const examples: Record<string, string> = {
    '@deeper/envs': 'envs-smoke.mjs', '@deeper/core': 'core-smoke.mjs', '@deeper/dqn': 'dqn-smoke.mjs',
    '@deeper/dcgan': 'dcgan-smoke.mjs', '@deeper/classify': 'classify-smoke.mjs', '@deeper/vision': 'vision-smoke.mjs',
  };
  for (const [name, folder] of Object.entries(packageFolders)) {
    const readme = readFileSync(join(repoRoot, folder, 'README.md'), 'utf8');
    const opening = readme.split('\n').slice(0, 4).join('\n');
    assert.match(opening, new RegExp(`^# ${name}\\b[^\\n]*\\n\\n\`\`\`sh\\nnpm install (-g )?${name}\\b`), `${name}: README opens with its install line`);
    if (examples[name]) assert.ok(readme.includes(readFileSync(join(fixtures, examples[name]), 'utf8').trimEnd()), `${name}: README shows fixtures/${examples[name]}`);
    const manifest = JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as { dependencies?: object; peerDependencies?: object };
    const section = readme.slice(readme.indexOf('## Dependencies'));
    assert.ok(readme.includes('## Dependencies'), `${name}: README has a Dependencies section`);
    for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) {
      assert.ok(section.includes(`\`${dep}\``) || (dep.startsWith('@deeper/') && section.includes('`@deeper/*`')), `${name}: README says why it depends on ${dep}`);
    }
  }
});

Packaging('pnpm build and pnpm pack give one tarball per package, with what must ship', () => {
  buildAll();
  const packs = outsideRepoFolder('deeper-packs-');
  made.push(packs);
  tarballs = packAll(packs);
  for (const [name, tarball] of Object.entries(tarballs)) {
    const files = tarballFiles(tarball);
    assert.ok(files.includes('package.json') && files.includes('README.md'), `${name}: package.json and README.md`);
    assert.not.ok(files.some((f) => f.startsWith('src/') || f.endsWith('.tsbuildinfo') || f.startsWith('node_modules/')), `${name} ships no sources, build info or node_modules`);
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']).stdout);
    assert.is(manifest.version, '0.1.0', `${name} version`);
    assert.is(manifest.engines?.node, '>=20', `${name} engines`);
    assert.not.ok(JSON.stringify(manifest.dependencies ?? {}).match(/workspace:|catalog:|"tsx"|typescript/), `${name}: dependencies resolved, no development tools: ${JSON.stringify(manifest.dependencies)}`);
    if (name === '@deeper/cli') {
      assert.equal(manifest.bin, { deeper: './bin/deeper.js' });
      assert.ok(files.includes('dist/main.js') && files.includes('bin/deeper.js') && files.includes('bench/textbook_cnn_torch.py'));
    } else {
      const entry = manifest.exports['.'];
      assert.ok(typeof entry.types === 'string' && typeof entry.import === 'string', `${name} exports types and import`);
      assert.ok(files.includes(entry.import.slice(2)) && files.includes(entry.types.slice(2)), `${name} ships its entry ${entry.import} and ${entry.types}`);
      assert.ok(files.includes(`${entry.import.slice(2)}.map`), `${name} ships source maps`);
    }
  }
  const core = tarballFiles(tarballs['@deeper/core']);
  for (const wasm of ['kernels.wasm', 'kernels-shared.wasm']) {
    assert.ok(core.includes(`dist/backend/wasm-kernels/native/${wasm}`), `core ships ${wasm} beside the built kernels`);
  }
  assert.ok(core.some((f) => f.startsWith('addon/prebuilt/') && f.endsWith('.node')), 'core ships the prebuilt addon');
  assert.ok(core.some((f) => f.startsWith('addon/src/')), 'core ships the addon sources (built from them where no prebuilt fits)');
});

Packaging('@deeper/envs alone installs without TensorFlow.js and runs: an env, steps, an AsyncVectorEnv of 2', () => {
  envsProject = newProject('deeper-envs-alone-');
  made.push(envsProject);
  npmInstall(envsProject, [tarballs['@deeper/envs']]);
  assert.not.ok(existsSync(join(envsProject, 'node_modules/@tensorflow')), 'no @tensorflow packages');
  assert.not.ok(existsSync(join(envsProject, 'node_modules/tsx')), 'no tsx');
  const result = runSmoke(envsProject, copyFixture('envs-smoke.mjs', envsProject)) as { steps: number; observationLength: number; vectorRewards: number[] };
  assert.ok(result.steps > 0);
  assert.is(result.observationLength, 10 * 10 * 4);
  assert.equal(result.vectorRewards, [1, 1]);
});

Packaging('@deeper/core alone: selects the threaded wasm backend, fits an epoch, saves and loads a model', () => {
  project = newProject('deeper-packages-');
  made.push(project);
  npmInstall(project, [tarballs['@deeper/core']]);
  assert.not.ok(existsSync(join(project, 'node_modules/webgpu')), 'the WebGPU backend stays optional');
  assert.not.ok(existsSync(join(project, 'node_modules/tsx')), 'no tsx');
  // Two threads: the threaded wasm build writes its pthread worker files to a temp folder at run time.
  const result = runSmoke(project, copyFixture('core-smoke.mjs', project), { DEEPER_WASM_THREADS: '2' }) as { backend: string; threads: number; reason: string; events: string[]; sameOutputs: boolean };
  assert.is(result.backend, 'wasm');
  assert.is(result.threads, 2, result.reason);
  // The Node-API addon ships as addon/ (prebuilt binary and sources), found from dist/ as from src/.
  assert.not.match(result.reason, /addon sources are missing/, result.reason);
  if (process.platform === 'linux' && process.arch === 'x64' && /native kernels/.test(result.reason)) assert.match(result.reason, /addon \(prebuilt linux-x64\)/, result.reason);
  assert.equal(result.events, ['batch', 'batch', 'batch', 'batch', 'epoch', 'done']);
  assert.ok(result.sameOutputs, 'the loaded model predicts what the saved one did');
});

Packaging('@deeper/dqn, dcgan, classify, vision and the cli added: each runs in plain node', () => {
  const rest = ['@deeper/envs', '@deeper/classify', '@deeper/dqn', '@deeper/dcgan', '@deeper/vision', '@deeper/cli'].map((n) => tarballs[n]);
  npmInstall(project, [...rest, '@types/node@20']);
  assert.not.ok(existsSync(join(project, 'node_modules/tsx')), 'no tsx');
  const dqn = runSmoke(project, copyFixture('dqn-smoke.mjs', project)) as { events: Record<string, number> };
  assert.ok(dqn.events['train-step'] > 0 && dqn.events['episode-end'] > 0 && dqn.events.done === 1, JSON.stringify(dqn));
  const dcgan = runSmoke(project, copyFixture('dcgan-smoke.mjs', project)) as { steps: number; pngSignature: string; pngBytes: number };
  assert.is(dcgan.steps, 1);
  assert.is(dcgan.pngSignature, 'PNG');
  const classify = runSmoke(project, copyFixture('classify-smoke.mjs', project)) as { batches: number; testImages: number; testAccuracy: number };
  assert.is(classify.batches, 200 / 50, JSON.stringify(classify));
  assert.is(classify.testImages, 100);
  assert.ok(classify.testAccuracy >= 0 && classify.testAccuracy <= 1);
  const vision = runSmoke(project, copyFixture('vision-smoke.mjs', project)) as { count: number; sameMasks: boolean; scoresShape: number[] };
  assert.is(vision.count, 4);
  assert.ok(vision.sameMasks);
  assert.equal(vision.scoresShape, [1, 64, 84, 11]);
});

Packaging('the installed deeper command: --help and envs list, without tsx', () => {
  const deeper = join(project, 'node_modules/.bin/deeper');
  const help = run(deeper, ['--help'], { cwd: project });
  for (const command of ['demo', 'bench', 'envs', 'gan', 'vision', 'dqn', 'classify']) assert.match(help.stdout, new RegExp(`^  ${command}\\b`, 'm'));
  const list = run(deeper, ['envs', 'list'], { cwd: project });
  assert.match(list.stdout, /^CartPole-v1 /m);
  assert.match(list.stdout, /^MinAtar\/Breakout-v1 /m);
  const bad = run(deeper, ['envs', 'rollout', '--env', 'NoSuch-v0'], { cwd: project, allowFailure: true });
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /NoSuch-v0/);
});

Packaging('a TypeScript consumer type-checks against the shipped .d.ts files', () => {
  copyFixture('consumer.ts', project);
  copyFixture('consumer.tsconfig.json', project, 'tsconfig.json');
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const checked = run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, allowFailure: true });
  // TensorFlow.js 4.22's own declarations do not pass library checks (missing Long and
  // EmscriptenModule types, index signatures); every other file must be clean.
  const errors = checked.stdout.split('\n').filter((line) => /error TS\d+/.test(line) && !line.startsWith('node_modules/@tensorflow/'));
  assert.equal(errors, [], checked.stdout);
  assert.ok(readFileSync(join(project, 'consumer.ts'), 'utf8').includes('@ts-expect-error'));
});

Packaging('on a Node older than engines allows, every package and the command name the Node needed', () => {
  for (const name of ['@deeper/envs', '@deeper/core', '@deeper/dqn', '@deeper/dcgan', '@deeper/classify', '@deeper/vision']) {
    const ran = run(process.execPath, ['--import', oldNode, '--input-type=module', '-e', `await import('${name}')`], { cwd: project, allowFailure: true });
    assert.is.not(ran.status, 0, name);
    assert.match(ran.stderr, /needs Node 20 or newer \(engines\.node ">=20"\), but this is Node 18\.20\.8/, name);
  }
  const cli = run(process.execPath, ['--import', oldNode, join(project, 'node_modules/@deeper/cli/bin/deeper.js'), '--help'], { cwd: project, allowFailure: true });
  assert.is(cli.status, 1);
  assert.match(cli.stderr, /deeper: needs Node 20 or newer/);
});

Packaging.run();
