/*
 * deeper's own wasm kernels: the memory-bound shuffles and reductions that tfjs-backend-wasm
 * 4.22 runs slowly or wrongly, compiled to WebAssembly SIMD and run on the wasm backend's
 * own heap (the module imports the backend's memory; every argument that is a pointer is a
 * byte offset into it, as tfjs's `memoryOffset`).
 *
 * Rules this file keeps, because the module shares a heap it does not own:
 * - no static data and no stack: no arrays or structs in locals, no recursion, nothing
 *   whose address is taken (the link gives the module a zero-size stack at address 0, so a
 *   stack access would trap instead of writing over the backend's heap);
 * - no libc: memset/memcpy come from the bulk-memory instructions.
 *
 * Build: ./build.sh (clang ≥ 14 with the wasm32 target and wasm-ld).
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/* Copies n 4-byte values: 16 bytes at a time where n allows, else memory.copy. */
static inline void copy_x32(uint32_t *dst, const uint32_t *src, int n) {
  if ((n & 3) == 0) {
    for (int i = 0; i < n; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
  } else {
    __builtin_memcpy(dst, src, (unsigned)n * 4u);
  }
}

/*
 * dst[a][c][b][d] = src[a][b][c][d] for 4-byte values: swapping two adjacent axes, B and C,
 * between an outer axis A and an inner axis D. Every transpose tfjs asks for whose
 * permutation, once runs of adjacent axes are merged, swaps two neighbouring groups
 * ([1, 0], [0, 2, 1], [1, 2, 0, 3], [0, 2, 1, 3], …) is this call.
 */
EXPORT(swap_axes_x32)
void swap_axes_x32(const uint32_t *src, uint32_t *dst, int A, int B, int C, int D) {
  const int plane = B * C * D;
  if (D >= 4) {
    /* Rows of D values move whole, in bands of 8 source rows: one read stream and 8
       write streams, rather than a write (or a read) that jumps B·D values every row. */
    for (int a = 0; a < A; a++) {
      const uint32_t *s = src + a * plane;
      uint32_t *t = dst + a * plane;
      for (int c0 = 0; c0 < C; c0 += 8) {
        const int c1 = c0 + 8 < C ? c0 + 8 : C;
        for (int b = 0; b < B; b++)
          for (int c = c0; c < c1; c++) copy_x32(t + (c * B + b) * D, s + (b * C + c) * D, D);
      }
    }
    return;
  }
  if (D == 1) {
    /* A matrix transpose per a: 4×4 SIMD tiles, swept in column blocks that keep the
       destination rows they write in cache. */
    const int block = 128;
    for (int a = 0; a < A; a++) {
      const uint32_t *s = src + a * plane;
      uint32_t *t = dst + a * plane;
      const int B4 = B & ~3, C4 = C & ~3;
      for (int c0 = 0; c0 < C4; c0 += block) {
        const int c1 = c0 + block < C4 ? c0 + block : C4;
        for (int b = 0; b < B4; b += 4) {
          for (int c = c0; c < c1; c += 4) {
            v128_t r0 = wasm_v128_load(s + (b + 0) * C + c);
            v128_t r1 = wasm_v128_load(s + (b + 1) * C + c);
            v128_t r2 = wasm_v128_load(s + (b + 2) * C + c);
            v128_t r3 = wasm_v128_load(s + (b + 3) * C + c);
            v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
            v128_t t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
            v128_t t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
            v128_t t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
            wasm_v128_store(t + (c + 0) * B + b, wasm_i64x2_shuffle(t0, t1, 0, 2));
            wasm_v128_store(t + (c + 1) * B + b, wasm_i64x2_shuffle(t0, t1, 1, 3));
            wasm_v128_store(t + (c + 2) * B + b, wasm_i64x2_shuffle(t2, t3, 0, 2));
            wasm_v128_store(t + (c + 3) * B + b, wasm_i64x2_shuffle(t2, t3, 1, 3));
          }
        }
      }
      /* The ragged edges: rows past B4 and columns past C4. */
      for (int b = B4; b < B; b++)
        for (int c = 0; c < C; c++) t[c * B + b] = s[b * C + c];
      for (int b = 0; b < B4; b++)
        for (int c = C4; c < C; c++) t[c * B + b] = s[b * C + c];
    }
    return;
  }
  /* D = 2 or 3: value by value, in blocks of 16 rows of the destination. */
  for (int a = 0; a < A; a++) {
    const uint32_t *s = src + a * plane;
    uint32_t *t = dst + a * plane;
    for (int c0 = 0; c0 < C; c0 += 16) {
      const int c1 = c0 + 16 < C ? c0 + 16 : C;
      for (int b = 0; b < B; b++)
        for (int c = c0; c < c1; c++)
          for (int d = 0; d < D; d++) t[(c * B + b) * D + d] = s[(b * C + c) * D + d];
    }
  }
}

/*
 * The gradient of 2D max pooling over NHWC float32: each dy value goes to the first maximum
 * of its window in row-major order (the cpu backend's rule), windows clipped to the input
 * (padding never wins). dx is overwritten. Tiles are images: this call does images
 * [tileBegin, tileEnd) of the batch.
 */
EXPORT(max_pool_grad_f32)
void max_pool_grad_f32(const float *x, const float *dy, float *dx, int inHeight, int inWidth,
                       int channels, int outHeight, int outWidth, int filterHeight, int filterWidth,
                       int strideHeight, int strideWidth, int padTop, int padLeft, int tileBegin, int tileEnd) {
  const int image = inHeight * inWidth * channels;
  if (tileEnd > tileBegin) __builtin_memset(dx + tileBegin * image, 0, (unsigned)((tileEnd - tileBegin) * image) * 4u);
  for (int b = tileBegin; b < tileEnd; b++) {
    const float *xb = x + b * inHeight * inWidth * channels;
    float *dxb = dx + b * inHeight * inWidth * channels;
    for (int oh = 0; oh < outHeight; oh++) {
      const int h0 = oh * strideHeight - padTop;
      const int hStart = h0 < 0 ? 0 : h0;
      const int hEnd = h0 + filterHeight < inHeight ? h0 + filterHeight : inHeight;
      for (int ow = 0; ow < outWidth; ow++) {
        const int w0 = ow * strideWidth - padLeft;
        const int wStart = w0 < 0 ? 0 : w0;
        const int wEnd = w0 + filterWidth < inWidth ? w0 + filterWidth : inWidth;
        const float *g = dy + ((b * outHeight + oh) * outWidth + ow) * channels;
        if (hStart >= hEnd || wStart >= wEnd) continue;
        const int first = (hStart * inWidth + wStart) * channels;
        int c = 0;
        /* Four channels at a time: the running maximum and where it is, per lane. */
        for (; c + 4 <= channels; c += 4) {
          v128_t bestValue = wasm_v128_load(xb + first + c);
          v128_t best = wasm_i32x4_add(wasm_i32x4_splat(first + c), wasm_i32x4_make(0, 1, 2, 3));
          for (int h = hStart; h < hEnd; h++) {
            for (int w = wStart; w < wEnd; w++) {
              const int i = (h * inWidth + w) * channels + c;
              const v128_t value = wasm_v128_load(xb + i);
              const v128_t greater = wasm_f32x4_gt(value, bestValue);
              bestValue = wasm_v128_bitselect(value, bestValue, greater);
              best = wasm_v128_bitselect(wasm_i32x4_add(wasm_i32x4_splat(i), wasm_i32x4_make(0, 1, 2, 3)), best, greater);
            }
          }
          dxb[wasm_i32x4_extract_lane(best, 0)] += g[c];
          dxb[wasm_i32x4_extract_lane(best, 1)] += g[c + 1];
          dxb[wasm_i32x4_extract_lane(best, 2)] += g[c + 2];
          dxb[wasm_i32x4_extract_lane(best, 3)] += g[c + 3];
        }
        for (; c < channels; c++) {
          int best = first + c;
          float bestValue = xb[best];
          for (int h = hStart; h < hEnd; h++) {
            for (int w = wStart; w < wEnd; w++) {
              const int i = (h * inWidth + w) * channels + c;
              if (xb[i] > bestValue) { bestValue = xb[i]; best = i; }
            }
          }
          dxb[best] += g[c];
        }
      }
    }
  }
}

/*
 * The weight gradient of a 2D convolution, NHWC x [B, H, W, Ci] and dy [B, OH, OW, Co],
 * into dW [KH, KW, Ci, Co]:
 *
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci] · dy[b, oh, ow, co]
 *
 * a GEMM whose depth is every output position, with both operands read in place (no
 * im2col, no transposes): for each tap, a tile of 4 input channels × 8 output channels is
 * held in 8 SIMD registers while x (one broadcast value per channel) and dy (two vectors)
 * stream past. Work goes image by image, so one image of x and dy stays in cache while
 * every tile sweeps it. The tiles, numbered tap-major (tap, channel block of 4, output
 * block of 8), can be shared out: this call computes tiles [tileBegin, tileEnd). Co must be
 * a multiple of 4.
 */

/* One tile's accumulation over nh × nw positions; first: start from zero instead of acc. */
#define DW_TILE_LOOP(...)                                                                   \
  for (int i = 0; i < nh; i++) {                                                            \
    const float *xp = x + i * xRow;                                                         \
    const float *dp = dy + i * dyRow;                                                       \
    for (int j = 0; j < nw; j++) {                                                          \
      __VA_ARGS__                                                                           \
      xp += xCol;                                                                           \
      dp += dyCol;                                                                          \
    }                                                                                       \
  }

#define MAC(acc, s, d) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(s, d))
#define ACC(row, col) (first ? wasm_f32x4_splat(0) : wasm_v128_load(acc + (row) * accRow + (col)))

static void tile4x8(const float *x, const float *dy, float *acc, int nh, int nw, int xRow, int xCol, int dyRow,
                    int dyCol, int accRow, int first) {
  v128_t a00 = ACC(0, 0), a01 = ACC(0, 4), a10 = ACC(1, 0), a11 = ACC(1, 4);
  v128_t a20 = ACC(2, 0), a21 = ACC(2, 4), a30 = ACC(3, 0), a31 = ACC(3, 4);
  DW_TILE_LOOP({
    const v128_t d0 = wasm_v128_load(dp), d1 = wasm_v128_load(dp + 4);
    v128_t s = wasm_v128_load32_splat(xp);
    MAC(a00, s, d0); MAC(a01, s, d1);
    s = wasm_v128_load32_splat(xp + 1);
    MAC(a10, s, d0); MAC(a11, s, d1);
    s = wasm_v128_load32_splat(xp + 2);
    MAC(a20, s, d0); MAC(a21, s, d1);
    s = wasm_v128_load32_splat(xp + 3);
    MAC(a30, s, d0); MAC(a31, s, d1);
  })
  wasm_v128_store(acc, a00); wasm_v128_store(acc + 4, a01);
  wasm_v128_store(acc + accRow, a10); wasm_v128_store(acc + accRow + 4, a11);
  wasm_v128_store(acc + 2 * accRow, a20); wasm_v128_store(acc + 2 * accRow + 4, a21);
  wasm_v128_store(acc + 3 * accRow, a30); wasm_v128_store(acc + 3 * accRow + 4, a31);
}

static void tile4x4(const float *x, const float *dy, float *acc, int nh, int nw, int xRow, int xCol, int dyRow,
                    int dyCol, int accRow, int first) {
  v128_t a0 = ACC(0, 0), a1 = ACC(1, 0), a2 = ACC(2, 0), a3 = ACC(3, 0);
  DW_TILE_LOOP({
    const v128_t d0 = wasm_v128_load(dp);
    MAC(a0, wasm_v128_load32_splat(xp), d0);
    MAC(a1, wasm_v128_load32_splat(xp + 1), d0);
    MAC(a2, wasm_v128_load32_splat(xp + 2), d0);
    MAC(a3, wasm_v128_load32_splat(xp + 3), d0);
  })
  wasm_v128_store(acc, a0); wasm_v128_store(acc + accRow, a1);
  wasm_v128_store(acc + 2 * accRow, a2); wasm_v128_store(acc + 3 * accRow, a3);
}

static void tile1x8(const float *x, const float *dy, float *acc, int nh, int nw, int xRow, int xCol, int dyRow,
                    int dyCol, int accRow, int first) {
  (void)accRow;
  v128_t a0 = ACC(0, 0), a1 = ACC(0, 4);
  DW_TILE_LOOP({
    const v128_t s = wasm_v128_load32_splat(xp);
    MAC(a0, s, wasm_v128_load(dp)); MAC(a1, s, wasm_v128_load(dp + 4));
  })
  wasm_v128_store(acc, a0); wasm_v128_store(acc + 4, a1);
}

static void tile1x4(const float *x, const float *dy, float *acc, int nh, int nw, int xRow, int xCol, int dyRow,
                    int dyCol, int accRow, int first) {
  (void)accRow;
  v128_t a0 = ACC(0, 0);
  DW_TILE_LOOP({ MAC(a0, wasm_v128_load32_splat(xp), wasm_v128_load(dp)); })
  wasm_v128_store(acc, a0);
}

/* The first o ≥ 0 with o·s + k − pad ≥ 0, and one past the last with o·s + k − pad < size. */
static inline int first_inside(int k, int pad, int s) { return pad - k <= 0 ? 0 : (pad - k + s - 1) / s; }
static inline int end_inside(int k, int pad, int s, int size, int out) {
  const int last = size - 1 + pad - k;
  if (last < 0) return 0;
  const int end = last / s + 1;
  return end < out ? end : out;
}

EXPORT(conv2d_backprop_filter_f32)
void conv2d_backprop_filter_f32(const float *x, const float *dy, float *dw, int batch, int inHeight, int inWidth,
                                int inChannels, int outHeight, int outWidth, int outChannels, int filterHeight,
                                int filterWidth, int strideHeight, int strideWidth, int padTop, int padLeft,
                                int tileBegin, int tileEnd) {
  (void)filterHeight; /* the tiles' numbering already covers every tap */
  const int ciBlocks = (inChannels + 3) / 4, coBlocks = (outChannels + 7) / 8;
  const int xRow = strideHeight * inWidth * inChannels, xCol = strideWidth * inChannels;
  const int dyRow = outWidth * outChannels, dyCol = outChannels;
  for (int b = 0; b < batch; b++) {
    const float *xb = x + b * inHeight * inWidth * inChannels;
    const float *dyb = dy + b * outHeight * outWidth * outChannels;
    for (int t = tileBegin; t < tileEnd; t++) {
      const int coBlock = t % coBlocks, ciBlock = (t / coBlocks) % ciBlocks, tap = t / (coBlocks * ciBlocks);
      const int kh = tap / filterWidth, kw = tap % filterWidth;
      const int ohBegin = first_inside(kh, padTop, strideHeight), ohEnd = end_inside(kh, padTop, strideHeight, inHeight, outHeight);
      const int owBegin = first_inside(kw, padLeft, strideWidth), owEnd = end_inside(kw, padLeft, strideWidth, inWidth, outWidth);
      const int nh = ohEnd > ohBegin ? ohEnd - ohBegin : 0, nw = owEnd > owBegin ? owEnd - owBegin : 0;
      const int ci0 = ciBlock * 4, co0 = coBlock * 8;
      const int nci = inChannels - ci0 < 4 ? inChannels - ci0 : 4;
      const int wide = outChannels - co0 >= 8;
      /* Clamped so that an empty range still points inside x (its tile only stores zeros). */
      const int h0 = nh ? ohBegin * strideHeight + kh - padTop : 0, w0 = nw ? owBegin * strideWidth + kw - padLeft : 0;
      const float *xs = xb + (h0 * inWidth + w0) * inChannels + ci0;
      const float *ds = dyb + (ohBegin * outWidth + owBegin) * outChannels + co0;
      float *acc = dw + (tap * inChannels + ci0) * outChannels + co0;
      if (nci == 4) {
        if (wide) tile4x8(xs, ds, acc, nh, nw, xRow, xCol, dyRow, dyCol, outChannels, b == 0);
        else tile4x4(xs, ds, acc, nh, nw, xRow, xCol, dyRow, dyCol, outChannels, b == 0);
      } else {
        for (int r = 0; r < nci; r++) {
          if (wide) tile1x8(xs + r, ds, acc + r * outChannels, nh, nw, xRow, xCol, dyRow, dyCol, outChannels, b == 0);
          else tile1x4(xs + r, ds, acc + r * outChannels, nh, nw, xRow, xCol, dyRow, dyCol, outChannels, b == 0);
        }
      }
    }
  }
}

/*
 * dst = src[b0 : b0 + s0, b1 : b1 + s1, b2 : b2 + s2, b3 : b3 + s3] for a 4D source of
 * shape [d0, d1, d2, d3] and 4-byte values (lower ranks pad with leading 1s): rows of s3
 * values copied whole. d0 never matters to the addressing; it is taken for clarity.
 */
EXPORT(slice4_x32)
void slice4_x32(const uint32_t *src, uint32_t *dst, int d0, int d1, int d2, int d3, int b0, int b1, int b2, int b3,
                int s0, int s1, int s2, int s3) {
  (void)d0;
  for (int i = 0; i < s0; i++)
    for (int j = 0; j < s1; j++)
      for (int k = 0; k < s2; k++) {
        copy_x32(dst, src + (((b0 + i) * d1 + (b1 + j)) * d2 + (b2 + k)) * d3 + b3, s3);
        dst += s3;
      }
}

/*
 * out[r][c] = x[r][c] · scale[c] + shift[c]: a per-channel affine map over the last axis,
 * the shape of batch norm's normalisation and of every product or difference of an
 * activation with a per-channel vector. `terms` says which vectors there are: 1 scale only,
 * 2 shift only, 3 both (a missing one is not read); 6 repeats shift into every row without
 * reading x (a broadcast). Tiles are rows: this call does rows [tileBegin, tileEnd).
 */
EXPORT(channel_affine_f32)
void channel_affine_f32(const float *x, const float *scale, const float *shift, float *out, int channels, int terms,
                        int tileBegin, int tileEnd) {
  const int useScale = terms & 1, useShift = terms & 2;
  if (terms & 4) {
    for (int r = tileBegin; r < tileEnd; r++) {
      float *o = out + r * channels;
      for (int c = 0; c < channels; c++) o[c] = shift[c];
    }
    return;
  }
  if ((channels & 3) == 0) {
    for (int r = tileBegin; r < tileEnd; r++) {
      const float *xr = x + r * channels;
      float *o = out + r * channels;
      for (int c = 0; c < channels; c += 4) {
        v128_t v = wasm_v128_load(xr + c);
        if (useScale) v = wasm_f32x4_mul(v, wasm_v128_load(scale + c));
        if (useShift) v = wasm_f32x4_add(v, wasm_v128_load(shift + c));
        wasm_v128_store(o + c, v);
      }
    }
    return;
  }
  for (int r = tileBegin; r < tileEnd; r++)
    for (int c = 0; c < channels; c++) {
      float v = x[r * channels + c];
      if (useScale) v *= scale[c];
      if (useShift) v += shift[c];
      out[r * channels + c] = v;
    }
}

/*
 * The gradient of ReLU: dx = dy where x > 0, else 0 (NaN where x is NaN, as the stock
 * dy · step(x) gives). One pass instead of tfjs's Step, Cast and Multiply. Tiles are runs
 * of RELU_GRAD_TILE values: this call does tiles [tileBegin, tileEnd) of size values.
 */
#define RELU_GRAD_TILE 16384
EXPORT(relu_grad_f32)
void relu_grad_f32(const float *dy, const float *x, float *dx, int size, int tileBegin, int tileEnd) {
  int i = tileBegin * RELU_GRAD_TILE;
  const int end = tileEnd * RELU_GRAD_TILE < size ? tileEnd * RELU_GRAD_TILE : size;
  if (i >= end) return;
  for (; i + 4 <= end; i += 4) {
    const v128_t xv = wasm_v128_load(x + i);
    const v128_t kept = wasm_v128_and(wasm_v128_load(dy + i), wasm_f32x4_gt(xv, wasm_f32x4_splat(0)));
    wasm_v128_store(dx + i, wasm_v128_bitselect(xv, kept, wasm_f32x4_ne(xv, xv)));
  }
  for (; i < end; i++) dx[i] = x[i] > 0 ? dy[i] : (x[i] != x[i] ? x[i] : 0);
}
