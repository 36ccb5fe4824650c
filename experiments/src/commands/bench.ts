/**
 * `deeper bench <suite>`: benchmarks, each printing one JSON object per line
 * (`{"name", "backend"?, "unit", "value", ...}`). Benchmarks are not tests: their figures go
 * into the docs, with this command as the way to reproduce them.
 */
import type { Command } from 'commander';
import { register as registerBenchCore } from './bench-core';
import { register as registerBenchEnvs } from './bench-envs';
import { register as registerBenchDqn } from './bench-dqn';
import { register as registerBenchDcgan } from './bench-dcgan';
import { register as registerBenchClassify } from './bench-classify';

export function register(program: Command): void {
  const bench = program.command('bench').description('run a benchmark suite and print JSON lines');
  registerBenchCore(bench);
  registerBenchEnvs(bench);
  registerBenchDqn(bench);
  registerBenchDcgan(bench);
  registerBenchClassify(bench);
}
