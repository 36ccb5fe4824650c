/*
 * The kernels the addon exports, on raw float pointers (already bounds-checked by the
 * caller): convolution forward (with bias and activation), its input and weight
 * gradients (the input gradient is also the transposed convolution), and batched matmul
 * with either operand transposed (with bias and activation). Each splits its work over
 * the pool; each returns 0 with `err` set on failure.
 */
#ifndef DEEPER_OPS_H
#define DEEPER_OPS_H
#include <stddef.h>

typedef struct {
  long batch, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_t, pad_l;
} conv_geom_t;

/* Activations a fused kernel applies after its bias. */
enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_LEAKY = 3 };

int op_conv2d(const conv_geom_t *g, const float *x, const float *w, const float *bias, int act, float alpha, float *y, char *err, size_t errlen);
int op_conv2d_backprop_input(const conv_geom_t *g, const float *dy, const float *w, float *dx, char *err, size_t errlen);
int op_conv2d_backprop_filter(const conv_geom_t *g, const float *x, const float *dy, float *dw, char *err, size_t errlen);
/*
 * C[b] = op(A[b]) op(B[b]) (+ bias, activation) for b < batch; A or B with batch 1 is
 * broadcast. op(A) is M x K (stored K x M when trans_a), op(B) is K x N.
 */
int op_matmul(long batch_a, long batch_b, long M, long N, long K, int trans_a, int trans_b, const float *A, const float *B,
              const float *bias, int act, float alpha, float *C, char *err, size_t errlen);
/* Whether the convolution and its stride-1 input gradient use the indirect GEMM (default) or im2col + GEMM; for comparing them. */
void ops_set_indirect(int on);
#endif
