import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Vocabulary } from '../../../packages/vision/src/caption/vocabulary';

const VocabularySuite = suite('Vocabulary');

VocabularySuite('special tokens first, then words by frequency (ties alphabetical); encode and decode round-trip', () => {
  const v = Vocabulary.fromCaptions(['a red circle', 'a blue circle', 'a red square']);
  assert.equal(v.words, ['<pad>', '<start>', '<end>', '<unk>', 'a', 'circle', 'red', 'blue', 'square']);
  assert.equal(v.encode('A red, circle'), [4, 6, 5]);
  assert.equal(v.encode('a green circle'), [4, 3, 5]);
  assert.is(v.decode([4, 6, 5, 2, 8]), 'a red circle');
  assert.is(v.decode([1, 4, 0, 7]), 'a blue');
});

VocabularySuite.run();
