import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { factAccuracy, isTruthful, parseShapeCaption, parseShapeFacts } from '../../../packages/vision/src/caption/truthfulness';
import { captionsOf, generateShapeCaptions } from '../../../packages/vision/src/datasets/shape-captions';

const ParseShapeCaption = suite('parseShapeCaption');

ParseShapeCaption('reads back the facts of every template, in any attribute order', () => {
  const data = generateShapeCaptions({ count: 40, seed: 2, split: 'test' });
  data.scenes.forEach((scene) => {
    for (const caption of captionsOf(scene.facts)) assert.ok(isTruthful(caption, scene.facts), caption);
  });
  assert.equal(parseShapeCaption('there is a red circle at the top left and it is large'), [{ colour: 'red', shape: 'circle', position: 'top left', size: 'large' }]);
  assert.is(parseShapeCaption('a large red circle'), null);
});

const IsTruthful = suite('isTruthful');

IsTruthful('a wrong attribute, a missing shape, an extra shape or a repeated word is untruthful', () => {
  const scene = [{ shape: 'circle', colour: 'red', size: 'large', position: 'top left' }, { shape: 'square', colour: 'blue', size: 'small', position: 'bottom right' }] as const;
  assert.ok(isTruthful('a small blue square in the bottom right and a large red circle in the top left', [...scene]));
  assert.not.ok(isTruthful('a large green circle in the top left and a small blue square in the bottom right', [...scene]));
  assert.not.ok(isTruthful('a large red circle in the top left', [...scene]));
  assert.not.ok(isTruthful('a large red circle in the top left and a small blue square in the bottom right and a small blue square in the top right', [...scene]));
  assert.not.ok(isTruthful('a large red red circle in the top left and a small blue square in the bottom right', [...scene]));
});

const FactAccuracy = suite('factAccuracy');

FactAccuracy('counts each attribute over the scene shapes whose quadrant the caption names, by hand', () => {
  const scenes = [
    [{ shape: 'circle', colour: 'red', size: 'large', position: 'top left' }, { shape: 'square', colour: 'blue', size: 'small', position: 'bottom right' }],
    [{ shape: 'triangle', colour: 'green', size: 'small', position: 'top right' }],
  ] as const;
  const captions = [
    // Both quadrants named; top left: shape and size right, colour wrong; bottom right: all right.
    'a large green circle in the top left and a small blue square in the bottom right',
    // One shape said, as in the scene, but in the wrong quadrant: nothing to pair.
    'a small green triangle in the bottom left',
  ];
  const f = factAccuracy(captions, scenes.map((s) => [...s]));
  assert.equal(f, { count: 1, positions: 0.5, shape: 1, colour: 0.5, size: 1 });
  // An incomplete fact still counts as a stated shape.
  assert.equal(parseShapeFacts('a large red circle'), [{ size: 'large', colour: 'red', shape: 'circle' }]);
  assert.equal(factAccuracy(['a large red circle'], [[scenes[1][0]]]), { count: 1, positions: 0, shape: null, colour: null, size: null });
  assert.equal(factAccuracy([], []), { count: null, positions: null, shape: null, colour: null, size: null });
});

ParseShapeCaption.run();
FactAccuracy.run();
IsTruthful.run();
