import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { corpusBleu } from '../../../packages/vision/src/caption/bleu';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

const CorpusBleu = suite('corpusBleu');

CorpusBleu('hand-computed: "the cat sat on the mat" against "the cat is on the mat"', () => {
  // p1 = 5/6, p2 = 3/5 (the cat, on the, the mat), p3 = 1/4 (on the mat), p4 = 0; equal lengths: BP = 1.
  const [b1, b2, b3, b4] = corpusBleu(['the cat sat on the mat'], [['the cat is on the mat']]);
  close(b1, 5 / 6);
  close(b2, Math.sqrt((5 / 6) * (3 / 5)));
  close(b3, Math.cbrt((5 / 6) * (3 / 5) * (1 / 4)));
  close(b4, 0);
});

CorpusBleu('counts are clipped by the largest count in one reference; short candidates pay the brevity penalty', () => {
  // "the the the" against "the cat": p1 = 1/3 (clipped), BP = exp(1 − 2/3).
  close(corpusBleu(['the the the'], [['the cat']])[0], 1 / 3);
  // "a red" against "a red circle": p1 = 1, c = 2 < r = 3: BP = exp(1 − 3/2).
  close(corpusBleu(['a red'], [['a red circle']])[0], Math.exp(1 - 3 / 2));
  // The closest reference length counts: with references of 2 and 5 words, r = 2.
  close(corpusBleu(['a red'], [['a red', 'a red circle in there']])[0], 1);
  close(corpusBleu(['a red circle'], [['a red circle']])[3], 0);
  assert.equal(corpusBleu(['a b c d'], [['a b c d']]), [1, 1, 1, 1]);
});

CorpusBleu.run();
