import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { captionsOf, colourRgb, generateShapeCaptions, isHeldOut, resolveShapeCaptionsConfig, shapeCaptionsDefaults } from '../../../packages/vision/src/datasets/shape-captions';

const GenerateShapeCaptions = suite('generateShapeCaptions');

GenerateShapeCaptions('the same seed gives the same bytes and captions, another seed other scenes', () => {
  const a = generateShapeCaptions({ count: 20, seed: 1 });
  const b = generateShapeCaptions({ count: 20, seed: 1 });
  const c = generateShapeCaptions({ count: 20, seed: 2 });
  assert.equal(a.images, b.images);
  assert.equal(a.captions, b.captions);
  assert.not.equal(a.images, c.images);
});

GenerateShapeCaptions('training scenes never hold a held-out combination; test scenes do, and say so', () => {
  const heldOut = shapeCaptionsDefaults.heldOut;
  const train = generateShapeCaptions({ count: 300, seed: 0, split: 'train' });
  assert.ok(train.scenes.every((s) => !s.heldOut && s.facts.every((f) => !isHeldOut(f, heldOut))));
  const test = generateShapeCaptions({ count: 300, seed: 1, split: 'test' });
  const marked = test.scenes.filter((s) => s.heldOut).length;
  assert.ok(marked > 50 && marked < 250, `${marked} of 300 test scenes hold a held-out combination`);
  for (const s of test.scenes) assert.is(s.heldOut, s.facts.some((f) => isHeldOut(f, heldOut)));
});

GenerateShapeCaptions('1–3 shapes in distinct quadrants, drawn in their colours, three distinct captions naming every fact', () => {
  const data = generateShapeCaptions({ count: 50, seed: 4 });
  data.scenes.forEach((scene, n) => {
    assert.ok(scene.facts.length >= 1 && scene.facts.length <= 3);
    assert.is(new Set(scene.facts.map((f) => f.position)).size, scene.facts.length);
    const captions = data.captions[n];
    assert.is(new Set(captions).size, 3);
    for (const caption of captions) for (const f of scene.facts) for (const word of [f.shape, f.colour, f.size, f.position]) assert.ok(caption.includes(word));
    for (const f of scene.facts) {
      // The shape's colour appears in its quadrant.
      const [r, g, b] = colourRgb[f.colour];
      const x0 = f.position.endsWith('right') ? 32 : 0;
      const y0 = f.position.startsWith('bottom') ? 32 : 0;
      let found = false;
      for (let y = y0; y < y0 + 32 && !found; y++) {
        for (let x = x0; x < x0 + 32; x++) {
          const at = (n * 64 * 64 + y * 64 + x) * 3;
          if (data.images[at] === r && data.images[at + 1] === g && data.images[at + 2] === b) { found = true; break; }
        }
      }
      assert.ok(found, `scene ${n}: no ${f.colour} pixel in the ${f.position}`);
    }
  });
});

GenerateShapeCaptions('refuses bad config, naming the field', () => {
  assert.throws(() => resolveShapeCaptionsConfig({ maxShapes: 5 }), /maxShapes to be an integer in \[1, 4\], but received 5/);
  assert.throws(() => resolveShapeCaptionsConfig({ heldOut: [['hexagon' as 'circle', 'red']] }), /heldOut to be an array of \[shape, colour\] pairs/);
});

const CaptionsOf = suite('captionsOf');

CaptionsOf('one caption per template, shapes in reading order', () => {
  assert.equal(captionsOf([
    { shape: 'square', colour: 'blue', size: 'small', position: 'bottom right' },
    { shape: 'circle', colour: 'red', size: 'large', position: 'top left' },
  ]), [
    'a large red circle in the top left and a small blue square in the bottom right',
    'in the top left there is a large red circle and in the bottom right there is a small blue square',
    'there is a red circle at the top left and it is large and there is a blue square at the bottom right and it is small',
  ]);
});

GenerateShapeCaptions.run();
CaptionsOf.run();
