import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordEpisodeStatistics, type EpisodeStatistics } from '../../../envs/src/wrappers/record-episode-statistics';
import { EnvOptionError } from '../../../envs/src/errors';
import { CountEnv } from '../helpers/count-env';

const RecordEpisodeStatisticsSuite = suite('RecordEpisodeStatistics');

RecordEpisodeStatisticsSuite('reports return, length and time at the last step only', () => {
  const env = new RecordEpisodeStatistics(new CountEnv(3));
  env.reset();
  // Rewards are action − 1: 2 → +1, 2 → +1, 0 → −1; return 1 over 3 steps.
  assert.is(env.step(2).info.episode, undefined);
  assert.is(env.step(2).info.episode, undefined);
  const last = env.step(0);
  const episode = last.info.episode as EpisodeStatistics;
  assert.is(episode.r, 1);
  assert.is(episode.l, 3);
  assert.ok(episode.t >= 0 && episode.t < 5);
  assert.is(last.info.t, 3, 'keeps the inner info');
});

RecordEpisodeStatisticsSuite('keeps the last bufferLength returns and lengths', () => {
  const env = new RecordEpisodeStatistics(new CountEnv(2), { bufferLength: 2 });
  for (const action of [0, 1, 2]) {
    env.reset();
    env.step(action);
    env.step(action);
  }
  assert.equal(env.returnQueue, [0, 2]);
  assert.equal(env.lengthQueue, [2, 2]);
  assert.is(env.episodeCount, 3);
  assert.throws(() => new RecordEpisodeStatistics(new CountEnv(), { bufferLength: 0 }), (e: Error) => e instanceof EnvOptionError);
});

RecordEpisodeStatisticsSuite.run();
