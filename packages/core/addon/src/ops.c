/* The addon's kernels; see ops.h. */
#include "ops.h"
#include "gemm.h"
#include "pool.h"
#include <stdio.h>
#include <string.h>

/* Below this many multiply-adds a kernel runs on the calling thread alone: waking a thread costs more. */
#define SERIAL_MACS (1L << 17)
/* im2col rows per chunk aim at this many floats (256 KB), so a chunk stays in L2. */
#define COL_FLOATS (1L << 16)

static void epilogue(float *y, long rows, long n, const float *bias, int act, float alpha) {
  if (!bias && act == ACT_LINEAR) return;
  for (long r = 0; r < rows; r++) {
    float *row = y + r * n;
    if (bias) for (long j = 0; j < n; j++) row[j] += bias[j];
    switch (act) {
      case ACT_RELU: for (long j = 0; j < n; j++) row[j] = row[j] > 0.f ? row[j] : 0.f; break;
      case ACT_RELU6: for (long j = 0; j < n; j++) row[j] = row[j] > 0.f ? (row[j] < 6.f ? row[j] : 6.f) : 0.f; break;
      case ACT_LEAKY: for (long j = 0; j < n; j++) row[j] = row[j] > 0.f ? row[j] : alpha * row[j]; break;
      default: break;
    }
  }
}

static long chunk_rows(long k, long rows) {
  long ch = COL_FLOATS / (k > 0 ? k : 1);
  ch = ch < 48 ? 48 : ch - ch % 12;
  return ch < rows ? ch : rows;
}

/*
 * Rows [row0, row0 + rows) of the im2col matrix (one row per output position, K = KH*KW*Ci
 * columns). Positions are stepped along without divisions and each filter row's bounds are
 * checked once: with one input channel (a first layer on grey images) the per-element
 * index arithmetic was most of the convolution's time.
 */
static void im2col(const conv_geom_t *g, const float *x, long row0, long rows, float *col) {
  /* Locals, not g's fields: the build's -fno-strict-aliasing makes every store into col reload them. */
  const long cin = g->in_c, k_h = g->k_h, k_w = g->k_w, in_h = g->in_h, in_w = g->in_w, out_h = g->out_h, out_w = g->out_w;
  const long stride_h = g->stride_h, stride_w = g->stride_w, dil_h = g->dil_h, dil_w = g->dil_w, pad_t = g->pad_t, pad_l = g->pad_l;
  const long K = k_h * k_w * cin, plane = out_h * out_w;
  const size_t run = cin * sizeof(float);
  long b = row0 / plane, oh = (row0 % plane) / out_w, ow = row0 % out_w;
  for (long r = 0; r < rows; r++) {
    if (r > 0 && ++ow == out_w) {
      ow = 0;
      if (++oh == out_h) { oh = 0; b++; }
    }
    float *dst = col + r * K;
    const float *img = x + b * in_h * in_w * cin;
    const long iw0 = ow * stride_w - pad_l;
    for (long kh = 0; kh < k_h; kh++) {
      const long ih = oh * stride_h + kh * dil_h - pad_t;
      if (ih < 0 || ih >= in_h) {
        memset(dst, 0, k_w * run);
        dst += k_w * cin;
        continue;
      }
      const float *line = img + ih * in_w * cin;
      if (cin == 1) {
        /* One channel: a filter row is k_w values, all inside for most positions. */
        if (iw0 >= 0 && iw0 + (k_w - 1) * dil_w < in_w) {
          for (long kw = 0; kw < k_w; kw++) dst[kw] = line[iw0 + kw * dil_w];
        } else {
          for (long kw = 0; kw < k_w; kw++) {
            const long iw = iw0 + kw * dil_w;
            dst[kw] = (unsigned long)iw < (unsigned long)in_w ? line[iw] : 0.f;
          }
        }
        dst += k_w;
        continue;
      }
      for (long kw = 0; kw < k_w; kw++, dst += cin) {
        const long iw = iw0 + kw * dil_w;
        const int inside = iw >= 0 && iw < in_w;
        /* A few channels are copied in a loop: a memcpy call per pixel cost more than the copy. */
        if (cin < 16) for (long c = 0; c < cin; c++) dst[c] = inside ? line[iw * cin + c] : 0.f;
        else if (!inside) memset(dst, 0, run);
        else memcpy(dst, line + iw * cin, run);
      }
    }
  }
}

/* Adds rows [row0, row0 + rows) of a column gradient into dx (the inverse of im2col). */
static void col2im_add(const conv_geom_t *g, const float *col, long row0, long rows, float *dx) {
  const long K = g->k_h * g->k_w * g->in_c, plane = g->out_h * g->out_w;
  for (long r = 0; r < rows; r++) {
    const long pos = row0 + r, b = pos / plane, oh = (pos % plane) / g->out_w, ow = pos % g->out_w;
    const float *src = col + r * K;
    float *img = dx + b * g->in_h * g->in_w * g->in_c;
    for (long kh = 0; kh < g->k_h; kh++) {
      const long ih = oh * g->stride_h + kh * g->dil_h - g->pad_t;
      for (long kw = 0; kw < g->k_w; kw++, src += g->in_c) {
        const long iw = ow * g->stride_w + kw * g->dil_w - g->pad_l;
        if (ih < 0 || ih >= g->in_h || iw < 0 || iw >= g->in_w) continue;
        float *d = img + (ih * g->in_w + iw) * g->in_c;
        for (long c = 0; c < g->in_c; c++) d[c] += src[c];
      }
    }
  }
}

static int is_pointwise(const conv_geom_t *g) {
  return g->k_h == 1 && g->k_w == 1 && g->stride_h == 1 && g->stride_w == 1 && g->pad_t == 0 && g->pad_l == 0 &&
         g->out_h == g->in_h && g->out_w == g->in_w;
}

typedef struct {
  const conv_geom_t *g;
  const float *x, *w, *bias, *dy;
  float *out;
  int act;
  float alpha;
  volatile int failed;
} conv_job_t;

static int participants_for(long macs) {
  return macs < SERIAL_MACS ? 1 : pool_threads();
}

static void conv2d_job(void *p, int tid, int n) {
  conv_job_t *j = p;
  const conv_geom_t *g = j->g;
  const long M = g->batch * g->out_h * g->out_w, K = g->k_h * g->k_w * g->in_c, N = g->out_c;
  const long r0 = M * tid / n, r1 = M * (tid + 1) / n;
  scratch_t *s = pool_scratch(tid);
  const long ch = chunk_rows(K, r1 - r0);
  if (!scratch_reserve_pack(s) || (!is_pointwise(g) && !scratch_reserve_col(s, ch * K))) { j->failed = 1; return; }
  for (long r = r0; r < r1; r += ch) {
    const long rows = r1 - r < ch ? r1 - r : ch;
    const float *a = j->x + r * K;
    if (!is_pointwise(g)) { im2col(g, j->x, r, rows, s->col); a = s->col; }
    gemm_st(rows, N, K, a, K, 1, j->w, N, 1, j->out + r * N, N, 0, s);
    epilogue(j->out + r * N, rows, N, j->bias, j->act, j->alpha);
  }
}

/*
 * The indirect convolution (no im2col): for a tile of output positions, one pointer per
 * position and filter tap to the input pixel it reads (or to zeros in the padding), and the
 * micro-kernel reads the pixels' channels through them against the packed filter panel.
 * `input_grad` selects the stride-1 input gradient instead: rows are dx's pixels, the
 * pointers go into dy, and the panel holds the filter with its channels swapped.
 */
typedef struct {
  const conv_geom_t *g;
  const float *src, *wp, *bias;
  float *out;
  int act, input_grad;
  float alpha;
  volatile int failed;
} ind_job_t;

static void indirect_job(void *p, int tid, int n) {
  ind_job_t *j = p;
  const conv_geom_t *g = j->g;
  const long mr = gemm_mr(), taps = g->k_h * g->k_w;
  const long rows_total = j->input_grad ? g->batch * g->in_h * g->in_w : g->batch * g->out_h * g->out_w;
  const long cin = j->input_grad ? g->out_c : g->in_c, N = j->input_grad ? g->in_c : g->out_c;
  const long plane_h = j->input_grad ? g->in_h : g->out_h, plane_w = j->input_grad ? g->in_w : g->out_w;
  const long units = (rows_total + mr - 1) / mr, u0 = units * tid / n, u1 = units * (tid + 1) / n;
  scratch_t *s = pool_scratch(tid);
  if (!scratch_reserve_ptrs(s, taps * mr) || !scratch_reserve_zero(s, cin)) { j->failed = 1; return; }
  const float **ptrs = s->ptrs;
  /*
   * A row whose taps all fall inside the image (most rows) reads tap t at its first tap's
   * pixel plus tap_offset[t]; only rows at the border go through the per-tap bounds checks.
   * With 16 channels, computing every pointer with divisions and checks took about as long
   * as the tile's arithmetic. Forward: pixel (ih, iw) = (ph·sh + kh·dh − pt, pw·sw + kw·dw − pl)
   * of x. Input gradient: pixel (oh, ow) = (ph + pt − kh·dh, pw + pl − kw·dw) of dy.
   */
  long tap_offset[taps];
  for (long kh = 0, t = 0; kh < g->k_h; kh++)
    for (long kw = 0; kw < g->k_w; kw++, t++)
      tap_offset[t] = j->input_grad ? -(kh * g->dil_h * g->out_w + kw * g->dil_w) * g->out_c : (kh * g->dil_h * g->in_w + kw * g->dil_w) * g->in_c;
  const long span_h = (g->k_h - 1) * g->dil_h, span_w = (g->k_w - 1) * g->dil_w;
  for (long u = u0; u < u1; u++) {
    const long m0 = u * mr, rows = rows_total - m0 < mr ? rows_total - m0 : mr;
    /* The tile's first position, then stepped along without divisions. */
    long b = m0 / (plane_h * plane_w), ph = (m0 / plane_w) % plane_h, pw = m0 % plane_w;
    for (long r = 0; r < mr; r++) {
      if (r >= rows) { for (long t = 0; t < taps; t++) ptrs[t * mr + r] = s->zero; continue; }
      if (r > 0 && ++pw == plane_w) {
        pw = 0;
        if (++ph == plane_h) { ph = 0; b++; }
      }
      const float *first = NULL;
      if (!j->input_grad) {
        const long ih = ph * g->stride_h - g->pad_t, iw = pw * g->stride_w - g->pad_l;
        if (ih >= 0 && ih + span_h < g->in_h && iw >= 0 && iw + span_w < g->in_w) first = j->src + ((b * g->in_h + ih) * g->in_w + iw) * g->in_c;
      } else {
        const long oh = ph + g->pad_t, ow = pw + g->pad_l;
        if (oh - span_h >= 0 && oh < g->out_h && ow - span_w >= 0 && ow < g->out_w) first = j->src + ((b * g->out_h + oh) * g->out_w + ow) * g->out_c;
      }
      if (first) {
        for (long t = 0; t < taps; t++) ptrs[t * mr + r] = first + tap_offset[t];
        continue;
      }
      for (long kh = 0, t = 0; kh < g->k_h; kh++) {
        for (long kw = 0; kw < g->k_w; kw++, t++) {
          const float *ptr = s->zero;
          if (!j->input_grad) {
            const long ih = ph * g->stride_h + kh * g->dil_h - g->pad_t, iw = pw * g->stride_w + kw * g->dil_w - g->pad_l;
            if (ih >= 0 && ih < g->in_h && iw >= 0 && iw < g->in_w) ptr = j->src + ((b * g->in_h + ih) * g->in_w + iw) * g->in_c;
          } else {
            const long oh = ph + g->pad_t - kh * g->dil_h, ow = pw + g->pad_l - kw * g->dil_w;
            if (oh >= 0 && oh < g->out_h && ow >= 0 && ow < g->out_w) ptr = j->src + ((b * g->out_h + oh) * g->out_w + ow) * g->out_c;
          }
          ptrs[t * mr + r] = ptr;
        }
      }
    }
    for (long c0 = 0; c0 < N; c0 += 16) {
      gemm_indirect_tile(rows, N - c0 < 16 ? N - c0 : 16, taps, cin, ptrs, j->wp + c0 * taps * cin, j->out + m0 * N + c0, N);
    }
    epilogue(j->out + m0 * N, rows, N, j->bias, j->act, j->alpha);
  }
}

static int indirect_enabled = 1;
void ops_set_indirect(int on) { indirect_enabled = on; }

/*
 * Where the indirect kernel beats im2col + GEMM (single-thread minima, C harness): the
 * forward pass with any channel counts once the pointer set-up became cheap (32x10x10x4 ->
 * 16, a DQN layer: 113 -> 34 us; 1 -> 16 channels at 28x28: 312 -> 192 us; 64 -> 1:
 * 8.8 -> 2.7 ms); the input gradient only with at least 8 columns (its input channels):
 * with fewer, most of the 16-wide tile is wasted and im2col + GEMM wins (4 columns: 145
 * against 181 us).
 */
static int use_indirect(const conv_geom_t *g, long n, int input_grad) {
  return indirect_enabled && !is_pointwise(g) && (!input_grad || n >= 8);
}

int op_conv2d(const conv_geom_t *g, const float *x, const float *w, const float *bias, int act, float alpha, float *y, char *err, size_t errlen) {
  const long M = g->batch * g->out_h * g->out_w, K = g->k_h * g->k_w * g->in_c, N = g->out_c;
  if (use_indirect(g, g->out_c, 0)) {
    scratch_t *s0 = pool_scratch(0);
    if (!scratch_reserve_wp(s0, K * ((N + 15) / 16) * 16)) { snprintf(err, errlen, "deeper's native addon: Conv2D could not allocate its scratch memory"); return 0; }
    gemm_pack_panels(K, N, w, N, 1, s0->wp);
    ind_job_t ij = { g, x, s0->wp, bias, y, act, 0, alpha, 0 };
    const long units = (M + gemm_mr() - 1) / gemm_mr();
    int n = participants_for(M * K * N);
    if (units < n) n = (int)units;
    if (!pool_run(indirect_job, &ij, n, "Conv2D", err, errlen)) return 0;
    if (ij.failed) { snprintf(err, errlen, "deeper's native addon: Conv2D could not allocate its scratch memory"); return 0; }
    return 1;
  }
  conv_job_t j = { g, x, w, bias, NULL, y, act, alpha, 0 };
  if (!pool_run(conv2d_job, &j, participants_for(M * K * g->out_c), "Conv2D", err, errlen)) return 0;
  if (j.failed) { snprintf(err, errlen, "deeper's native addon: Conv2D could not allocate its scratch memory"); return 0; }
  return 1;
}

static void backprop_input_job(void *p, int tid, int n) {
  conv_job_t *j = p;
  const conv_geom_t *g = j->g;
  const long plane = g->out_h * g->out_w, K = g->k_h * g->k_w * g->in_c, N = g->out_c;
  const long image = g->in_h * g->in_w * g->in_c;
  const long b0 = g->batch * tid / n, b1 = g->batch * (tid + 1) / n;
  scratch_t *s = pool_scratch(tid);
  const long ch = chunk_rows(K, plane);
  if (!scratch_reserve_pack(s) || !scratch_reserve_col(s, ch * K)) { j->failed = 1; return; }
  for (long b = b0; b < b1; b++) {
    if (is_pointwise(g)) {
      /* dx = dy W^T, straight into dx. */
      gemm_st(plane, K, N, j->dy + b * plane * N, N, 1, j->w, 1, N, j->out + b * image, K, 0, s);
      continue;
    }
    memset(j->out + b * image, 0, image * sizeof(float));
    for (long r = b * plane; r < (b + 1) * plane; r += ch) {
      const long rows = (b + 1) * plane - r < ch ? (b + 1) * plane - r : ch;
      gemm_st(rows, K, N, j->dy + r * N, N, 1, j->w, 1, N, s->col, K, 0, s);
      col2im_add(g, s->col, r, rows, j->out);
    }
  }
}

int op_conv2d_backprop_input(const conv_geom_t *g, const float *dy, const float *w, float *dx, char *err, size_t errlen) {
  conv_job_t j = { g, NULL, w, NULL, dy, dx, ACT_LINEAR, 0.f, 0 };
  const long macs = g->batch * g->out_h * g->out_w * g->k_h * g->k_w * g->in_c * g->out_c;
  if (g->stride_h == 1 && g->stride_w == 1 && use_indirect(g, g->in_c, 1)) {
    /* dx = the stride-1 convolution of dy with the filter's channels swapped: indirect, no col2im. */
    const long taps = g->k_h * g->k_w, Ci = g->in_c, Co = g->out_c, panels = (Ci + 15) / 16;
    scratch_t *s0 = pool_scratch(0);
    if (!scratch_reserve_wp(s0, panels * 16 * taps * Co)) { snprintf(err, errlen, "deeper's native addon: Conv2DBackpropInput could not allocate its scratch memory"); return 0; }
    float *wp = s0->wp;
    for (long pnl = 0; pnl < panels; pnl++)
      for (long t = 0; t < taps; t++)
        for (long co = 0; co < Co; co++, wp += 16)
          for (long l = 0; l < 16; l++) {
            const long ci = pnl * 16 + l;
            wp[l] = ci < Ci ? w[(t * Ci + ci) * Co + co] : 0.f;
          }
    ind_job_t ij = { g, dy, s0->wp, NULL, dx, ACT_LINEAR, 1, 0.f, 0 };
    const long rows = g->batch * g->in_h * g->in_w, units = (rows + gemm_mr() - 1) / gemm_mr();
    int n = participants_for(macs);
    if (units < n) n = (int)units;
    if (!pool_run(indirect_job, &ij, n, "Conv2DBackpropInput", err, errlen)) return 0;
    if (ij.failed) { snprintf(err, errlen, "deeper's native addon: Conv2DBackpropInput could not allocate its scratch memory"); return 0; }
    return 1;
  }
  int n = participants_for(macs);
  if (n > g->batch) n = (int)g->batch;
  if (n < 1) n = 1;
  if (!pool_run(backprop_input_job, &j, n, "Conv2DBackpropInput", err, errlen)) return 0;
  if (j.failed) { snprintf(err, errlen, "deeper's native addon: Conv2DBackpropInput could not allocate its scratch memory"); return 0; }
  return 1;
}

static void backprop_filter_job(void *p, int tid, int n) {
  conv_job_t *j = p;
  const conv_geom_t *g = j->g;
  const long M = g->batch * g->out_h * g->out_w, K = g->k_h * g->k_w * g->in_c, N = g->out_c;
  const long r0 = M * tid / n, r1 = M * (tid + 1) / n;
  scratch_t *s = pool_scratch(tid);
  const long ch = chunk_rows(K, r1 - r0);
  if (!scratch_reserve_pack(s) || !scratch_reserve_part(s, K * N) || (!is_pointwise(g) && !scratch_reserve_col(s, ch * K))) {
    j->failed = 1;
    return;
  }
  memset(s->part, 0, K * N * sizeof(float));
  for (long r = r0; r < r1; r += ch) {
    const long rows = r1 - r < ch ? r1 - r : ch;
    const float *a = j->x + r * K;
    if (!is_pointwise(g)) { im2col(g, j->x, r, rows, s->col); a = s->col; }
    /* part (K x N) += col^T (K x rows) dy (rows x N) */
    gemm_st(K, N, rows, a, 1, K, j->dy + r * N, N, 1, s->part, N, 1, s);
  }
}

/*
 * The weight gradient without im2col, for input channels in multiples of 16: dWᵀ (Co x K)
 * = dyᵀ · col, with dy's chunk packed as A and each row of col (16 channels of one input
 * pixel for one tap) read in place through a pointer. Each thread sums its positions into
 * its own dWᵀ; the caller adds them up, transposed, into dW.
 */
#define DW_CHUNK 256

typedef struct {
  const conv_geom_t *g;
  const float *x, *dy;
  volatile int failed;
} dw_job_t;

static long padded_rows(long n) { return (n + gemm_indirect_b_mr() - 1) / gemm_indirect_b_mr() * gemm_indirect_b_mr(); }

static void backprop_filter_indirect_job(void *p, int tid, int n) {
  dw_job_t *j = p;
  const conv_geom_t *g = j->g;
  const long M = g->batch * g->out_h * g->out_w, Ci = g->in_c, Co = g->out_c, K = g->k_h * g->k_w * Ci;
  const long mr = gemm_indirect_b_mr(), rows = padded_rows(Co), plane = g->out_h * g->out_w;
  const long r0 = M * tid / n, r1 = M * (tid + 1) / n;
  scratch_t *s = pool_scratch(tid);
  if (!scratch_reserve_part(s, rows * K) || !scratch_reserve_col(s, rows * DW_CHUNK) || !scratch_reserve_zero(s, 16)) { j->failed = 1; return; }
  memset(s->part, 0, rows * K * sizeof(float));
  long ih0[DW_CHUNK], iw0[DW_CHUNK], base[DW_CHUNK];
  const float *pix[DW_CHUNK], *bp[DW_CHUNK];
  for (long r = r0; r < r1; r += DW_CHUNK) {
    const long pc = r1 - r < DW_CHUNK ? r1 - r : DW_CHUNK;
    gemm_pack_rows(Co, pc, j->dy + r * Co, 1, Co, s->col);
    for (long q = 0; q < pc; q++) {
      const long pos = r + q, b = pos / plane, oh = (pos % plane) / g->out_w, ow = pos % g->out_w;
      ih0[q] = oh * g->stride_h - g->pad_t;
      iw0[q] = ow * g->stride_w - g->pad_l;
      base[q] = b * g->in_h * g->in_w * Ci;
    }
    for (long kh = 0, t = 0; kh < g->k_h; kh++) {
      for (long kw = 0; kw < g->k_w; kw++, t++) {
        for (long q = 0; q < pc; q++) {
          const long ih = ih0[q] + kh * g->dil_h, iw = iw0[q] + kw * g->dil_w;
          pix[q] = ih >= 0 && ih < g->in_h && iw >= 0 && iw < g->in_w ? j->x + base[q] + (ih * g->in_w + iw) * Ci : NULL;
        }
        for (long c0 = 0; c0 < Ci; c0 += 16) {
          for (long q = 0; q < pc; q++) bp[q] = pix[q] ? pix[q] + c0 : s->zero;
          for (long i = 0; i < rows; i += mr) gemm_indirect_b_tile(pc, s->col + i * pc, bp, s->part + i * K + t * Ci + c0, K);
        }
      }
    }
  }
}

int op_conv2d_backprop_filter(const conv_geom_t *g, const float *x, const float *dy, float *dw, char *err, size_t errlen) {
  conv_job_t j = { g, x, NULL, NULL, dy, dw, ACT_LINEAR, 0.f, 0 };
  const long M = g->batch * g->out_h * g->out_w, K = g->k_h * g->k_w * g->in_c, N = g->out_c;
  int n = participants_for(M * K * N);
  if (M < 2L * n) n = 1;
  if (indirect_enabled && g->in_c % 16 == 0) {
    dw_job_t dj = { g, x, dy, 0 };
    if (!pool_run(backprop_filter_indirect_job, &dj, n, "Conv2DBackpropFilter", err, errlen)) return 0;
    if (dj.failed) { snprintf(err, errlen, "deeper's native addon: Conv2DBackpropFilter could not allocate its scratch memory"); return 0; }
    for (long k = 0; k < K; k++) {
      for (long co = 0; co < N; co++) {
        float sum = 0.f;
        for (int t = 0; t < n; t++) sum += pool_scratch(t)->part[co * K + k];
        dw[k * N + co] = sum;
      }
    }
    return 1;
  }
  if (!pool_run(backprop_filter_job, &j, n, "Conv2DBackpropFilter", err, errlen)) return 0;
  if (j.failed) { snprintf(err, errlen, "deeper's native addon: Conv2DBackpropFilter could not allocate its scratch memory"); return 0; }
  const long size = K * N;
  memcpy(dw, pool_scratch(0)->part, size * sizeof(float));
  for (int t = 1; t < n; t++) {
    const float *part = pool_scratch(t)->part;
    for (long i = 0; i < size; i++) dw[i] += part[i];
  }
  return 1;
}

typedef struct {
  long batch, batch_a, batch_b, M, N, K;
  int trans_a, trans_b, act;
  float alpha;
  const float *A, *B, *bias;
  float *C;
  int split_rows; /* 1: threads split M; 0: threads split N */
  volatile int failed;
} matmul_job_t;

static void matmul_one(const matmul_job_t *j, long b, long i0, long i1, long c0, long c1, scratch_t *s) {
  const long M = j->M, N = j->N, K = j->K;
  const float *A = j->A + (j->batch_a == 1 ? 0 : b) * M * K;
  const float *B = j->B + (j->batch_b == 1 ? 0 : b) * K * N;
  float *C = j->C + b * M * N;
  const long rsA = j->trans_a ? 1 : K, csA = j->trans_a ? M : 1;
  const long rsB = j->trans_b ? 1 : N, csB = j->trans_b ? K : 1;
  if (i1 <= i0 || c1 <= c0) return;
  gemm_st(i1 - i0, c1 - c0, K, A + i0 * rsA, rsA, csA, B + c0 * csB, rsB, csB, C + i0 * N + c0, N, 0, s);
  const float *bias = j->bias ? j->bias + c0 : NULL;
  if (bias || j->act != ACT_LINEAR) {
    for (long i = i0; i < i1; i++) epilogue(C + i * N + c0, 1, c1 - c0, bias, j->act, j->alpha);
  }
}

static void matmul_job(void *p, int tid, int n) {
  matmul_job_t *j = p;
  scratch_t *s = pool_scratch(tid);
  if (!scratch_reserve_pack(s)) { j->failed = 1; return; }
  if (j->batch >= n) {
    for (long b = j->batch * tid / n; b < j->batch * (tid + 1) / n; b++) matmul_one(j, b, 0, j->M, 0, j->N, s);
    return;
  }
  for (long b = 0; b < j->batch; b++) {
    if (j->split_rows) {
      const long unit = gemm_mr(), units = (j->M + unit - 1) / unit;
      const long i0 = units * tid / n * unit, i1 = units * (tid + 1) / n * unit;
      matmul_one(j, b, i0, i1 < j->M ? i1 : j->M, 0, j->N, s);
    } else {
      const long unit = 16, units = (j->N + unit - 1) / unit;
      const long c0 = units * tid / n * unit, c1 = units * (tid + 1) / n * unit;
      matmul_one(j, b, 0, j->M, c0, c1 < j->N ? c1 : j->N, s);
    }
  }
}

int op_matmul(long batch_a, long batch_b, long M, long N, long K, int trans_a, int trans_b, const float *A, const float *B,
              const float *bias, int act, float alpha, float *C, char *err, size_t errlen) {
  const long batch = batch_a > batch_b ? batch_a : batch_b;
  matmul_job_t j = { batch, batch_a, batch_b, M, N, K, trans_a, trans_b, act, alpha, A, B, bias, C, 1, 0 };
  int n = participants_for(batch * M * N * K);
  if (batch < n) {
    /* Split the longer side; a side too short for one micro-tile per thread stays whole. */
    const long row_units = (M + gemm_mr() - 1) / gemm_mr(), col_units = (N + 15) / 16;
    j.split_rows = row_units >= col_units;
    const long units = j.split_rows ? row_units : col_units;
    if (units < n) n = units < 1 ? 1 : (int)units;
  }
  if (!pool_run(matmul_job, &j, n, "BatchMatMul", err, errlen)) return 0;
  if (j.failed) { snprintf(err, errlen, "deeper's native addon: BatchMatMul could not allocate its scratch memory"); return 0; }
  return 1;
}
