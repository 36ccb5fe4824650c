/*
 * The addon's memory-bound kernels: ReLU's gradient, per-channel affine maps (bias add,
 * batch norm, products and differences with a per-channel vector, repeated rows) and max
 * pooling and its gradient, on raw float pointers the caller has bounds-checked, split over the
 * pool. They are the wasm kernels' of the same names (wasm-kernels/native/kernels.c), run
 * on the addon's threads: with the addon on, XNNPACK runs on one wasm thread, so without
 * these they would run on one thread too.
 */
#ifndef DEEPER_ELEMENTWISE_H
#define DEEPER_ELEMENTWISE_H
#include <stddef.h>

/* dx = dy where x > 0, x where x is NaN, else 0; n values. */
int op_relu_grad(const float *dy, const float *x, float *dx, long n, char *err, size_t errlen);
/*
 * out[r][c] = x[r][c] * scale[c] + shift[c] over rows x channels; terms: 1 scale only, 2 shift
 * only, 3 both, 6 shift repeated into every row (x not read).
 */
int op_channel_affine(const float *x, const float *scale, const float *shift, float *out, long rows, long channels, int terms,
                      char *err, size_t errlen);
/*
 * The gradient of max pooling, NHWC: dy of each window added where x has the window's first
 * maximum, zero elsewhere.
 */
typedef struct {
  long batch, in_h, in_w, channels, out_h, out_w, k_h, k_w, stride_h, stride_w, pad_t, pad_l;
} pool_geom_t;
int op_max_pool_grad(const pool_geom_t *g, const float *x, const float *dy, float *dx, char *err, size_t errlen);
/* y = max(x, 0) (act 1) or x where x > 0 else alpha x (act 3), n values; NaN stays NaN. */
int op_activation(const float *x, float *y, long n, int act, float alpha, char *err, size_t errlen);
/* Max pooling, NHWC: each window's maximum over the pixels inside the image (padding never wins). */
int op_max_pool(const pool_geom_t *g, const float *x, float *y, char *err, size_t errlen);
#endif
