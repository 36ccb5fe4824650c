/*
 * One optimizer update written over a variable and its slots in place: RMSProp (plain or
 * centred, with momentum, as torch.optim.RMSprop) and Adam (as torch.optim.Adam). The same
 * passes as wasm-kernels/native/optimizer-steps.c, in the same float32 order with no fused
 * multiply-adds, so that the values are bit for bit those of the wasm pass and of the update
 * composed from tfjs ops; compiled for AVX-512, AVX2 and baseline and split over the pool.
 */
#ifndef DEEPER_OPTIMIZER_H
#define DEEPER_OPTIMIZER_H
#include <stddef.h>

typedef struct {
  float lr, alpha, one_minus_alpha, eps, mu, wd;
  int decay, centered, momentum;
} rmsprop_params_t;

typedef struct {
  float lr, b1, one_minus_b1, b2, one_minus_b2, c1, c2, eps, wd;
  int decay;
} adam_params_t;

/* theta, sq (and ga when centred, mb with momentum) updated in place from grad; n values. */
int op_rmsprop_step(float *theta, const float *grad, float *sq, float *ga, float *mb, long n, const rmsprop_params_t *p, char *err, size_t errlen);
/* theta, m, v updated in place from grad; n values. */
int op_adam_step(float *theta, const float *grad, float *m, float *v, long n, const adam_params_t *p, char *err, size_t errlen);
#endif
