/*
 * One optimizer update of one variable in one pass, compiled to WebAssembly SIMD and run
 * on the wasm backend's own heap (the module imports the backend's memory; every pointer is
 * a byte offset into it, as tfjs's `memoryOffset`). fused-optimizer-step.ts calls these.
 *
 * Each line is one float32 operation in the order deeper's composed update runs its ops
 * (core/src/optim/rmsprop-optimizer.ts, adam-optimizer.ts), and the build forbids fused
 * multiply-adds (-ffp-contract=off), so the values are those of the composed update bit for
 * bit (f32x4 add, mul, div and sqrt are IEEE-exact).
 *
 * As native/kernels.c: no static data, no stack, no libc (the module shares a heap it does
 * not own; the link gives it a zero-size stack at address 0, so a stack access would trap).
 *
 * Build: ./build-optimizer-steps.sh (clang >= 14 with the wasm32 target and wasm-ld).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/*
 * RMSProp as torch.optim.RMSprop, written to fresh outputs:
 *   g <- g + wd * theta                         (when decay)
 *   v <- a v + a1 g^2                           (a1 = 1 - a, rounded to float32 by the caller)
 *   gBar <- a gBar + a1 g; var = max'(v - gBar^2, 0)   (when centered; max' keeps NaN)
 *   step = g / (sqrt(var or v) + eps)
 *   b <- mu b + step; step = b                  (when momentum)
 *   theta <- theta - lr step
 * ga, mb and their outputs are not read or written when centered or momentum is 0.
 */
EXPORT(rmsprop_step_f32)
void rmsprop_step_f32(const float *theta, const float *grad, const float *sq, const float *ga, const float *mb,
                      float *thetaOut, float *sqOut, float *gaOut, float *mbOut, int n,
                      float lr, float a, float a1, float eps, float mu, float wd, int decay, int centered, int momentum) {
  int i = 0;
  const v128_t va = wasm_f32x4_splat(a), va1 = wasm_f32x4_splat(a1), veps = wasm_f32x4_splat(eps);
  const v128_t vmu = wasm_f32x4_splat(mu), vlr = wasm_f32x4_splat(lr), vwd = wasm_f32x4_splat(wd), zero = wasm_f32x4_splat(0);
  for (; i + 4 <= n; i += 4) {
    const v128_t th = wasm_v128_load(theta + i);
    v128_t g = wasm_v128_load(grad + i);
    if (decay) g = wasm_f32x4_add(g, wasm_f32x4_mul(th, vwd));
    const v128_t v = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(sq + i), va), wasm_f32x4_mul(wasm_f32x4_mul(g, g), va1));
    wasm_v128_store(sqOut + i, v);
    v128_t var = v;
    if (centered) {
      const v128_t gBar = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(ga + i), va), wasm_f32x4_mul(g, va1));
      wasm_v128_store(gaOut + i, gBar);
      var = wasm_f32x4_sub(v, wasm_f32x4_mul(gBar, gBar));
      var = wasm_v128_bitselect(zero, var, wasm_f32x4_lt(var, zero));
    }
    v128_t step = wasm_f32x4_div(g, wasm_f32x4_add(wasm_f32x4_sqrt(var), veps));
    if (momentum) {
      step = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(mb + i), vmu), step);
      wasm_v128_store(mbOut + i, step);
    }
    wasm_v128_store(thetaOut + i, wasm_f32x4_sub(th, wasm_f32x4_mul(step, vlr)));
  }
  for (; i < n; i++) {
    float g = grad[i];
    if (decay) g = g + theta[i] * wd;
    const float v = sq[i] * a + (g * g) * a1;
    sqOut[i] = v;
    float var = v;
    if (centered) {
      const float gBar = ga[i] * a + g * a1;
      gaOut[i] = gBar;
      var = v - gBar * gBar;
      if (var < 0) var = 0;
    }
    float step = g / (__builtin_sqrtf(var) + eps);
    if (momentum) {
      step = mb[i] * mu + step;
      mbOut[i] = step;
    }
    thetaOut[i] = theta[i] - step * lr;
  }
}

/*
 * Adam as torch.optim.Adam, written to fresh outputs (b1c = 1 - b1, b2c = 1 - b2,
 * c1 = 1 - b1^t, c2 = 1 - b2^t, each rounded to float32 by the caller):
 *   g <- g + wd * theta                         (when decay)
 *   m <- b1 m + b1c g;  v <- b2 v + b2c g^2
 *   theta <- theta - lr (m / c1) / (sqrt(v / c2) + eps)
 */
EXPORT(adam_step_f32)
void adam_step_f32(const float *theta, const float *grad, const float *m0, const float *v0,
                   float *thetaOut, float *mOut, float *vOut, int n,
                   float lr, float b1, float b1c, float b2, float b2c, float c1, float c2, float eps, float wd, int decay) {
  int i = 0;
  const v128_t vb1 = wasm_f32x4_splat(b1), vb1c = wasm_f32x4_splat(b1c), vb2 = wasm_f32x4_splat(b2), vb2c = wasm_f32x4_splat(b2c);
  const v128_t vc1 = wasm_f32x4_splat(c1), vc2 = wasm_f32x4_splat(c2), veps = wasm_f32x4_splat(eps), vlr = wasm_f32x4_splat(lr), vwd = wasm_f32x4_splat(wd);
  for (; i + 4 <= n; i += 4) {
    const v128_t th = wasm_v128_load(theta + i);
    v128_t g = wasm_v128_load(grad + i);
    if (decay) g = wasm_f32x4_add(g, wasm_f32x4_mul(th, vwd));
    const v128_t m = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m0 + i), vb1), wasm_f32x4_mul(g, vb1c));
    const v128_t v = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v0 + i), vb2), wasm_f32x4_mul(wasm_f32x4_mul(g, g), vb2c));
    wasm_v128_store(mOut + i, m);
    wasm_v128_store(vOut + i, v);
    const v128_t step = wasm_f32x4_div(wasm_f32x4_div(m, vc1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(v, vc2)), veps));
    wasm_v128_store(thetaOut + i, wasm_f32x4_sub(th, wasm_f32x4_mul(step, vlr)));
  }
  for (; i < n; i++) {
    float g = grad[i];
    if (decay) g = g + theta[i] * wd;
    const float m = m0[i] * b1 + g * b1c;
    const float v = v0[i] * b2 + (g * g) * b2c;
    mOut[i] = m;
    vOut[i] = v;
    thetaOut[i] = theta[i] - ((m / c1) / (__builtin_sqrtf(v / c2) + eps)) * lr;
  }
}
