/*
 * The addon's in-place optimizer updates; see optimizer.h. build.sh compiles this file with
 * -ffp-contract=off (no fused multiply-adds: the wasm pass's rounding, bit for bit) and
 * -fno-math-errno (so that sqrtf vectorizes; the argument is never negative here).
 */
#include "optimizer.h"
#include "pool.h"

#if defined(__x86_64__) || defined(__i386__)
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONES
#endif

/* Below this many values an update runs on the calling thread alone: waking a thread costs more. */
#define SERIAL_VALUES (1L << 16)

static int participants(long values) { return values < SERIAL_VALUES ? 1 : pool_threads(); }

CLONES static void rmsprop_range(float *restrict theta, const float *restrict grad, float *restrict sq, float *restrict ga, float *restrict mb,
                                 const rmsprop_params_t *p, long begin, long end) {
  const float a = p->alpha, a1 = p->one_minus_alpha, eps = p->eps, mu = p->mu, wd = p->wd, lr = p->lr;
  const int decay = p->decay, centered = p->centered, momentum = p->momentum;
  for (long i = begin; i < end; i++) {
    float g = grad[i];
    if (decay) g = g + theta[i] * wd;
    const float v = sq[i] * a + (g * g) * a1;
    sq[i] = v;
    float var = v;
    if (centered) {
      const float g_bar = ga[i] * a + g * a1;
      ga[i] = g_bar;
      var = v - g_bar * g_bar;
      var = var < 0.f ? 0.f : var;
    }
    float step = g / (__builtin_sqrtf(var) + eps);
    if (momentum) {
      step = mb[i] * mu + step;
      mb[i] = step;
    }
    theta[i] = theta[i] - step * lr;
  }
}

CLONES static void adam_range(float *restrict theta, const float *restrict grad, float *restrict m, float *restrict v, const adam_params_t *p, long begin, long end) {
  const float b1 = p->b1, b1c = p->one_minus_b1, b2 = p->b2, b2c = p->one_minus_b2, c1 = p->c1, c2 = p->c2, eps = p->eps, wd = p->wd, lr = p->lr;
  const int decay = p->decay;
  for (long i = begin; i < end; i++) {
    float g = grad[i];
    if (decay) g = g + theta[i] * wd;
    const float mi = m[i] * b1 + g * b1c;
    const float vi = v[i] * b2 + (g * g) * b2c;
    m[i] = mi;
    v[i] = vi;
    theta[i] = theta[i] - ((mi / c1) / (__builtin_sqrtf(vi / c2) + eps)) * lr;
  }
}

typedef struct { float *theta; const float *grad; float *s1, *s2, *s3; long n; const void *params; } step_job_t;

static void rmsprop_job(void *ctx, int tid, int n) {
  const step_job_t *j = ctx;
  rmsprop_range(j->theta, j->grad, j->s1, j->s2, j->s3, j->params, j->n * tid / n, j->n * (tid + 1) / n);
}

static void adam_job(void *ctx, int tid, int n) {
  const step_job_t *j = ctx;
  adam_range(j->theta, j->grad, j->s1, j->s2, j->params, j->n * tid / n, j->n * (tid + 1) / n);
}

int op_rmsprop_step(float *theta, const float *grad, float *sq, float *ga, float *mb, long n, const rmsprop_params_t *p, char *err, size_t errlen) {
  step_job_t j = { theta, grad, sq, ga, mb, n, p };
  return pool_run(rmsprop_job, &j, participants(n), "DeeperRmspropStep", err, errlen);
}

int op_adam_step(float *theta, const float *grad, float *m, float *v, long n, const adam_params_t *p, char *err, size_t errlen) {
  step_job_t j = { theta, grad, m, v, NULL, n, p };
  return pool_run(adam_job, &j, participants(n), "DeeperAdamStep", err, errlen);
}
