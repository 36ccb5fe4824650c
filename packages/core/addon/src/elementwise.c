/* The addon's memory-bound kernels; see elementwise.h. */
#include "elementwise.h"
#include "pool.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONES
#endif

/* Below this many values a pass runs on the calling thread alone: waking a thread costs more. */
#define SERIAL_VALUES (1L << 15)

static int participants(long values) { return values < SERIAL_VALUES ? 1 : pool_threads(); }

typedef struct { const float *dy, *x; float *dx; long n; } relu_job_t;

CLONES static void relu_grad_range(const float *dy, const float *x, float *dx, long begin, long end) {
  for (long i = begin; i < end; i++) {
    const float v = x[i];
    dx[i] = v > 0.f ? dy[i] : (v != v ? v : 0.f);
  }
}

static void relu_job(void *p, int tid, int n) {
  const relu_job_t *j = p;
  relu_grad_range(j->dy, j->x, j->dx, j->n * tid / n, j->n * (tid + 1) / n);
}

int op_relu_grad(const float *dy, const float *x, float *dx, long n, char *err, size_t errlen) {
  relu_job_t j = { dy, x, dx, n };
  return pool_run(relu_job, &j, participants(n), "DeeperReluGrad", err, errlen);
}

typedef struct { const float *x, *scale, *shift; float *out; long rows, channels; int terms; } affine_job_t;

CLONES static void affine_rows(const float *x, const float *scale, const float *shift, float *out, long channels, int terms, long r0, long r1) {
  for (long r = r0; r < r1; r++) {
    float *o = out + r * channels;
    const float *xr = x + r * channels;
    if (terms & 4) memcpy(o, shift, channels * sizeof(float));
    else if (terms == 1) for (long c = 0; c < channels; c++) o[c] = xr[c] * scale[c];
    else if (terms == 2) for (long c = 0; c < channels; c++) o[c] = xr[c] + shift[c];
    else if (terms == 3) for (long c = 0; c < channels; c++) o[c] = xr[c] * scale[c] + shift[c];
    else memcpy(o, xr, channels * sizeof(float));
  }
}

static void affine_job(void *p, int tid, int n) {
  const affine_job_t *j = p;
  affine_rows(j->x, j->scale, j->shift, j->out, j->channels, j->terms, j->rows * tid / n, j->rows * (tid + 1) / n);
}

int op_channel_affine(const float *x, const float *scale, const float *shift, float *out, long rows, long channels, int terms,
                      char *err, size_t errlen) {
  affine_job_t j = { x, scale, shift, out, rows, channels, terms };
  int n = participants(rows * channels);
  if (n > rows) n = rows > 0 ? (int)rows : 1;
  return pool_run(affine_job, &j, n, "ChannelAffine", err, errlen);
}

/* The input rows [*hs, *he) and columns [*ws, *we) that output pixel (oh, ow)'s window covers inside the image. */
static inline void window_bounds(const pool_geom_t *g, long oh, long ow, long *hs, long *he, long *ws, long *we) {
  const long h0 = oh * g->stride_h - g->pad_t, w0 = ow * g->stride_w - g->pad_l;
  *hs = h0 < 0 ? 0 : h0;
  *he = h0 + g->k_h < g->in_h ? h0 + g->k_h : g->in_h;
  *ws = w0 < 0 ? 0 : w0;
  *we = w0 + g->k_w < g->in_w ? w0 + g->k_w : g->in_w;
}

typedef struct { const pool_geom_t *g; const float *x, *dy; float *dx; } max_pool_job_t;

/* Images [b0, b1): zero their dx, then route each window's dy to its first maximum, channel by channel. */
CLONES static void max_pool_grad_images(const pool_geom_t *g, const float *x, const float *dy, float *dx, long b0, long b1) {
  const long C = g->channels, image = g->in_h * g->in_w * C;
  float best[C];
  long where[C];
  memset(dx + b0 * image, 0, (size_t)((b1 - b0) * image) * sizeof(float));
  for (long b = b0; b < b1; b++) {
    const float *xb = x + b * image;
    float *dxb = dx + b * image;
    for (long oh = 0; oh < g->out_h; oh++) {
      for (long ow = 0; ow < g->out_w; ow++) {
        long hs, he, ws, we;
        window_bounds(g, oh, ow, &hs, &he, &ws, &we);
        if (hs >= he || ws >= we) continue;
        const float *gy = dy + ((b * g->out_h + oh) * g->out_w + ow) * C;
        const long first = (hs * g->in_w + ws) * C;
        for (long c = 0; c < C; c++) { best[c] = xb[first + c]; where[c] = first + c; }
        for (long h = hs; h < he; h++) {
          for (long w = ws; w < we; w++) {
            const long i = (h * g->in_w + w) * C;
            for (long c = 0; c < C; c++) {
              const float v = xb[i + c];
              const int greater = v > best[c];
              best[c] = greater ? v : best[c];
              where[c] = greater ? i + c : where[c];
            }
          }
        }
        for (long c = 0; c < C; c++) dxb[where[c]] += gy[c];
      }
    }
  }
}

static void max_pool_grad_job(void *p, int tid, int n) {
  const max_pool_job_t *j = p;
  const long B = j->g->batch;
  max_pool_grad_images(j->g, j->x, j->dy, j->dx, B * tid / n, B * (tid + 1) / n);
}

int op_max_pool_grad(const pool_geom_t *g, const float *x, const float *dy, float *dx, char *err, size_t errlen) {
  max_pool_job_t j = { g, x, dy, dx };
  int n = participants(g->batch * g->in_h * g->in_w * g->channels);
  if (n > g->batch) n = g->batch > 0 ? (int)g->batch : 1;
  return pool_run(max_pool_grad_job, &j, n, "MaxPoolGrad", err, errlen);
}

typedef struct { const pool_geom_t *g; const float *x; float *y; } max_pool_fwd_job_t;

/* Images [b0, b1): each output pixel's channels are the maxima over its window, the first pixel's values to start. */
CLONES static void max_pool_images(const pool_geom_t *g, const float *x, float *y, long b0, long b1) {
  const long C = g->channels, image = g->in_h * g->in_w * C;
  for (long b = b0; b < b1; b++) {
    const float *xb = x + b * image;
    for (long oh = 0; oh < g->out_h; oh++) {
      for (long ow = 0; ow < g->out_w; ow++) {
        long hs, he, ws, we;
        window_bounds(g, oh, ow, &hs, &he, &ws, &we);
        float *o = y + ((b * g->out_h + oh) * g->out_w + ow) * C;
        if (hs >= he || ws >= we) {
          for (long c = 0; c < C; c++) o[c] = -__builtin_inff();
          continue;
        }
        const float *first = xb + (hs * g->in_w + ws) * C;
        for (long c = 0; c < C; c++) o[c] = first[c];
        for (long h = hs; h < he; h++) {
          for (long w = ws; w < we; w++) {
            const float *p = xb + (h * g->in_w + w) * C;
            for (long c = 0; c < C; c++) o[c] = p[c] > o[c] ? p[c] : o[c];
          }
        }
      }
    }
  }
}

static void max_pool_job(void *p, int tid, int n) {
  const max_pool_fwd_job_t *j = p;
  const long B = j->g->batch;
  max_pool_images(j->g, j->x, j->y, B * tid / n, B * (tid + 1) / n);
}

int op_max_pool(const pool_geom_t *g, const float *x, float *y, char *err, size_t errlen) {
  max_pool_fwd_job_t j = { g, x, y };
  int n = participants(g->batch * g->in_h * g->in_w * g->channels);
  if (n > g->batch) n = g->batch > 0 ? (int)g->batch : 1;
  return pool_run(max_pool_job, &j, n, "MaxPool", err, errlen);
}

typedef struct { const float *x; float *y; long n; int act; float alpha; } activation_job_t;

CLONES static void activation_range(const float *x, float *y, long begin, long end, int act, float alpha) {
  if (act == 1) {
    for (long i = begin; i < end; i++) y[i] = x[i] > 0.f ? x[i] : (x[i] != x[i] ? x[i] : 0.f);
  } else {
    for (long i = begin; i < end; i++) y[i] = x[i] > 0.f ? x[i] : alpha * x[i];
  }
}

static void activation_job(void *p, int tid, int n) {
  const activation_job_t *j = p;
  activation_range(j->x, j->y, j->n * tid / n, j->n * (tid + 1) / n, j->act, j->alpha);
}

int op_activation(const float *x, float *y, long n, int act, float alpha, char *err, size_t errlen) {
  activation_job_t j = { x, y, n, act, alpha };
  return pool_run(activation_job, &j, participants(n), act == 1 ? "Relu" : "LeakyRelu", err, errlen);
}
