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
 * (padding never wins). dx is overwritten.
 */
EXPORT(max_pool_grad_f32)
void max_pool_grad_f32(const float *x, const float *dy, float *dx, int batch, int inHeight, int inWidth,
                       int channels, int outHeight, int outWidth, int filterHeight, int filterWidth,
                       int strideHeight, int strideWidth, int padTop, int padLeft) {
  __builtin_memset(dx, 0, (unsigned)(batch * inHeight * inWidth * channels) * 4u);
  for (int b = 0; b < batch; b++) {
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

/* out[r][c] = x[r][c] + bias[c]: a bias over the last axis (every conv and dense layer's). */
EXPORT(bias_add_f32)
void bias_add_f32(const float *x, const float *bias, float *out, int rows, int channels) {
  if ((channels & 3) == 0) {
    for (int r = 0; r < rows; r++) {
      const float *xr = x + r * channels;
      float *o = out + r * channels;
      for (int c = 0; c < channels; c += 4)
        wasm_v128_store(o + c, wasm_f32x4_add(wasm_v128_load(xr + c), wasm_v128_load(bias + c)));
    }
    return;
  }
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < channels; c++) out[r * channels + c] = x[r * channels + c] + bias[c];
}
