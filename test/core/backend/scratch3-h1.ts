import * as tf from '@tensorflow/tfjs';
import { selectBackend } from "../../../packages/core/src/backend/select-backend";
import { textbookCnn } from "../../../packages/core/src/backend/bench-textbook-cnn";
await selectBackend(process.argv[2] ?? "wasm", {quiet: true});
const model = textbookCnn(0); const opt = tf.train.adam(1e-3);
const x = tf.randomUniform([100,28,28,1]); const y = tf.oneHot(tf.randomUniform([100],0,10,'int32') as tf.Tensor1D, 10);
const step = () => { const l = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, {training:true}) as tf.Tensor), true)!; l.dataSync(); l.dispose(); };
step(); step();
const times = new Map<string, number>();
const b = tf.backend() as any;
// time each kernel by wrapping kernelFuncs
const reg = (tf as any).getKernelsForBackend('wasm');
const stack: string[] = []; 
for (const k of reg) { const f = k.kernelFunc; k.kernelFunc = (a: any) => { const key = (stack.length ? stack[stack.length-1] + '>' : '') + k.kernelName + (k.kernelName.startsWith('Conv2D') ? JSON.stringify(a.inputs.x?.shape ?? a.inputs.dy?.shape) : ''); stack.push(k.kernelName); const t = performance.now(); const r = f(a); stack.pop(); times.set(key, (times.get(key) ?? 0) + performance.now() - t); return r; }; }
const t0 = performance.now(); for (let i = 0; i < 3; i++) step(); const tot = (performance.now() - t0) / 3;
console.log('step ms', tot.toFixed(1));
[...times].sort((a, b) => b[1] - a[1]).slice(0, 40).forEach(([k, v]) => console.log(k.padEnd(28), (v / 3).toFixed(1)));
