import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { confusionMatrixImage } from '../../../packages/classify/src/render/confusion-matrix-image';
import { misclassifiedGridImage } from '../../../packages/classify/src/render/misclassified-grid-image';
import { textPixels, textWidth } from '../../../packages/classify/src/render/rgb-canvas';

const Matrix = suite('confusionMatrixImage');
Matrix('a full row is dark, an empty cell white', () => {
  const canvas = confusionMatrixImage([[10, 0], [5, 5]], ['cat', 'dog']);
  const pixel = (x: number, y: number) => Array.from(canvas.data.subarray((y * canvas.width + x) * 3, (y * canvas.width + x) * 3 + 3));
  // Find the cells by colour: the (0, 0) cell is 100 % of its row, (0, 1) 0 %.
  let darkest = 255 * 3;
  for (let i = 0; i < canvas.data.length; i += 3) darkest = Math.min(darkest, canvas.data[i] + canvas.data[i + 1] + canvas.data[i + 2]);
  assert.ok(darkest < 3 * 120, 'a cell shaded for a share of 1');
  assert.ok(canvas.width > 2 * 26 && canvas.height > 2 * 26);
  assert.equal(pixel(0, 0), [255, 255, 255]);
});
Matrix.run();

const Grid = suite('misclassifiedGridImage');
Grid('one cell per wrong prediction, up to the limit', () => {
  const test = { images: new Float32Array(5 * 4), labels: new Uint8Array([0, 1, 0, 1, 0]), count: 5, height: 2, width: 2, channels: 1, classNames: ['a', 'b'] };
  const none = misclassifiedGridImage(test, [0, 1, 0, 1, 0]);
  const two = misclassifiedGridImage(test, [1, 1, 0, 0, 0], { columns: 10 });
  assert.ok(two.width > none.width, 'two cells are wider than the empty notice');
  const one = misclassifiedGridImage(test, [1, 1, 0, 0, 0], { limit: 1 });
  assert.ok(one.width < two.width);
});
Grid.run();

const Text = suite('textPixels');
Text('7-pixel-high glyphs, unknown characters as ?', () => {
  assert.is(textPixels('A').length, 7);
  assert.ok(textWidth('AB') > textWidth('A'));
  assert.is(textWidth('é'), textWidth('?'));
});
Text.run();
