/* Packed SGEMM with run-time chosen micro-kernels; see gemm.h. */
#include "gemm.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DEEPER_X86 1
#endif

#define NR 16
#define KC 256
#define MC 120 /* a multiple of every MR (4, 6, 12) */
#define NC 1024

/* C (MR x 16) (+)= A_panel (kc x MR packed) B, row k of B the 16 floats at b + k * ldb (ldb = NR when packed). */
typedef void (*ukr_t)(long kc, const float *a, const float *b, long ldb, float *c, long ldc, int accumulate);

/* Portable path: 4 x 16, plain C the compiler vectorises for the baseline ISA. */
static void ukr_portable(long kc, const float *a, const float *b, long ldb, float *c, long ldc, int accumulate) {
  float acc[4][NR];
  memset(acc, 0, sizeof acc);
  for (long k = 0; k < kc; k++, a += 4, b += ldb) {
    for (int r = 0; r < 4; r++) {
      const float ar = a[r];
      for (int j = 0; j < NR; j++) acc[r][j] += ar * b[j];
    }
  }
  for (int r = 0; r < 4; r++) {
    float *row = c + r * ldc;
    if (accumulate) for (int j = 0; j < NR; j++) row[j] += acc[r][j];
    else for (int j = 0; j < NR; j++) row[j] = acc[r][j];
  }
}

#ifdef DEEPER_X86
/* AVX2 + FMA: 6 x 16, twelve ymm accumulators. */
__attribute__((target("avx2,fma"))) static void ukr_avx2(long kc, const float *a, const float *b, long ldb, float *c, long ldc, int accumulate) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (long k = 0; k < kc; k++, a += 6, b += ldb) {
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
    __m256 ar;
    ar = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(ar, b0, c00); c01 = _mm256_fmadd_ps(ar, b1, c01);
    ar = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(ar, b0, c10); c11 = _mm256_fmadd_ps(ar, b1, c11);
    ar = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(ar, b0, c20); c21 = _mm256_fmadd_ps(ar, b1, c21);
    ar = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(ar, b0, c30); c31 = _mm256_fmadd_ps(ar, b1, c31);
    ar = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(ar, b0, c40); c41 = _mm256_fmadd_ps(ar, b1, c41);
    ar = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(ar, b0, c50); c51 = _mm256_fmadd_ps(ar, b1, c51);
  }
#define STORE2(r, x0, x1) do { float *row = c + (r) * ldc; \
    if (accumulate) { x0 = _mm256_add_ps(x0, _mm256_loadu_ps(row)); x1 = _mm256_add_ps(x1, _mm256_loadu_ps(row + 8)); } \
    _mm256_storeu_ps(row, x0); _mm256_storeu_ps(row + 8, x1); } while (0)
  STORE2(0, c00, c01); STORE2(1, c10, c11); STORE2(2, c20, c21);
  STORE2(3, c30, c31); STORE2(4, c40, c41); STORE2(5, c50, c51);
#undef STORE2
}

/* AVX-512F: 12 x 16, twelve zmm accumulators. */
__attribute__((target("avx512f"))) static void ukr_avx512(long kc, const float *a, const float *b, long ldb, float *c, long ldc, int accumulate) {
  __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
  __m512 c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
  for (long k = 0; k < kc; k++, a += 12, b += ldb) {
    const __m512 bv = _mm512_loadu_ps(b);
    c0 = _mm512_fmadd_ps(_mm512_set1_ps(a[0]), bv, c0);
    c1 = _mm512_fmadd_ps(_mm512_set1_ps(a[1]), bv, c1);
    c2 = _mm512_fmadd_ps(_mm512_set1_ps(a[2]), bv, c2);
    c3 = _mm512_fmadd_ps(_mm512_set1_ps(a[3]), bv, c3);
    c4 = _mm512_fmadd_ps(_mm512_set1_ps(a[4]), bv, c4);
    c5 = _mm512_fmadd_ps(_mm512_set1_ps(a[5]), bv, c5);
    c6 = _mm512_fmadd_ps(_mm512_set1_ps(a[6]), bv, c6);
    c7 = _mm512_fmadd_ps(_mm512_set1_ps(a[7]), bv, c7);
    c8 = _mm512_fmadd_ps(_mm512_set1_ps(a[8]), bv, c8);
    c9 = _mm512_fmadd_ps(_mm512_set1_ps(a[9]), bv, c9);
    c10 = _mm512_fmadd_ps(_mm512_set1_ps(a[10]), bv, c10);
    c11 = _mm512_fmadd_ps(_mm512_set1_ps(a[11]), bv, c11);
  }
#define STORE1(r, x) do { float *row = c + (r) * ldc; \
    if (accumulate) { x = _mm512_add_ps(x, _mm512_loadu_ps(row)); } _mm512_storeu_ps(row, x); } while (0)
  STORE1(0, c0); STORE1(1, c1); STORE1(2, c2); STORE1(3, c3); STORE1(4, c4); STORE1(5, c5);
  STORE1(6, c6); STORE1(7, c7); STORE1(8, c8); STORE1(9, c9); STORE1(10, c10); STORE1(11, c11);
#undef STORE1
}
#endif

typedef void (*ukr_ind_t)(long taps, long cin, const float *const *ptrs, const float *w, float *c, long ldc);

/* Indirect micro-kernels: rows read through pointers (one per row and tap), the 16-wide panel packed. */
static void ukr_ind_portable(long taps, long cin, const float *const *ptrs, const float *w, float *c, long ldc) {
  float acc[4][NR];
  memset(acc, 0, sizeof acc);
  for (long t = 0; t < taps; t++, ptrs += 4) {
    for (long k = 0; k < cin; k++, w += NR) {
      for (int r = 0; r < 4; r++) {
        const float ar = ptrs[r][k];
        for (int j = 0; j < NR; j++) acc[r][j] += ar * w[j];
      }
    }
  }
  for (int r = 0; r < 4; r++) memcpy(c + r * ldc, acc[r], sizeof acc[r]);
}

#ifdef DEEPER_X86
__attribute__((target("avx2,fma"))) static void ukr_ind_avx2(long taps, long cin, const float *const *ptrs, const float *w, float *c, long ldc) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (long t = 0; t < taps; t++, ptrs += 6) {
    const float *a0 = ptrs[0], *a1 = ptrs[1], *a2 = ptrs[2], *a3 = ptrs[3], *a4 = ptrs[4], *a5 = ptrs[5];
    for (long k = 0; k < cin; k++, w += NR) {
      const __m256 b0 = _mm256_loadu_ps(w), b1 = _mm256_loadu_ps(w + 8);
      __m256 ar;
      ar = _mm256_broadcast_ss(a0 + k); c00 = _mm256_fmadd_ps(ar, b0, c00); c01 = _mm256_fmadd_ps(ar, b1, c01);
      ar = _mm256_broadcast_ss(a1 + k); c10 = _mm256_fmadd_ps(ar, b0, c10); c11 = _mm256_fmadd_ps(ar, b1, c11);
      ar = _mm256_broadcast_ss(a2 + k); c20 = _mm256_fmadd_ps(ar, b0, c20); c21 = _mm256_fmadd_ps(ar, b1, c21);
      ar = _mm256_broadcast_ss(a3 + k); c30 = _mm256_fmadd_ps(ar, b0, c30); c31 = _mm256_fmadd_ps(ar, b1, c31);
      ar = _mm256_broadcast_ss(a4 + k); c40 = _mm256_fmadd_ps(ar, b0, c40); c41 = _mm256_fmadd_ps(ar, b1, c41);
      ar = _mm256_broadcast_ss(a5 + k); c50 = _mm256_fmadd_ps(ar, b0, c50); c51 = _mm256_fmadd_ps(ar, b1, c51);
    }
  }
#define ST(r, x0, x1) do { _mm256_storeu_ps(c + (r) * ldc, x0); _mm256_storeu_ps(c + (r) * ldc + 8, x1); } while (0)
  ST(0, c00, c01); ST(1, c10, c11); ST(2, c20, c21); ST(3, c30, c31); ST(4, c40, c41); ST(5, c50, c51);
#undef ST
}

__attribute__((target("avx512f"))) static void ukr_ind_avx512(long taps, long cin, const float *const *ptrs, const float *w, float *c, long ldc) {
  __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
  __m512 c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
  for (long t = 0; t < taps; t++, ptrs += 12) {
    const float *const *p = ptrs;
    for (long k = 0; k < cin; k++, w += NR) {
      const __m512 bv = _mm512_loadu_ps(w);
      c0 = _mm512_fmadd_ps(_mm512_set1_ps(p[0][k]), bv, c0);
      c1 = _mm512_fmadd_ps(_mm512_set1_ps(p[1][k]), bv, c1);
      c2 = _mm512_fmadd_ps(_mm512_set1_ps(p[2][k]), bv, c2);
      c3 = _mm512_fmadd_ps(_mm512_set1_ps(p[3][k]), bv, c3);
      c4 = _mm512_fmadd_ps(_mm512_set1_ps(p[4][k]), bv, c4);
      c5 = _mm512_fmadd_ps(_mm512_set1_ps(p[5][k]), bv, c5);
      c6 = _mm512_fmadd_ps(_mm512_set1_ps(p[6][k]), bv, c6);
      c7 = _mm512_fmadd_ps(_mm512_set1_ps(p[7][k]), bv, c7);
      c8 = _mm512_fmadd_ps(_mm512_set1_ps(p[8][k]), bv, c8);
      c9 = _mm512_fmadd_ps(_mm512_set1_ps(p[9][k]), bv, c9);
      c10 = _mm512_fmadd_ps(_mm512_set1_ps(p[10][k]), bv, c10);
      c11 = _mm512_fmadd_ps(_mm512_set1_ps(p[11][k]), bv, c11);
    }
  }
  _mm512_storeu_ps(c + 0 * ldc, c0); _mm512_storeu_ps(c + 1 * ldc, c1); _mm512_storeu_ps(c + 2 * ldc, c2);
  _mm512_storeu_ps(c + 3 * ldc, c3); _mm512_storeu_ps(c + 4 * ldc, c4); _mm512_storeu_ps(c + 5 * ldc, c5);
  _mm512_storeu_ps(c + 6 * ldc, c6); _mm512_storeu_ps(c + 7 * ldc, c7); _mm512_storeu_ps(c + 8 * ldc, c8);
  _mm512_storeu_ps(c + 9 * ldc, c9); _mm512_storeu_ps(c + 10 * ldc, c10); _mm512_storeu_ps(c + 11 * ldc, c11);
}
#endif

/*
 * Micro-kernels with B read through pointers: C (MR x 16, row stride ldc) += A B over kc
 * steps, A packed (kc x MR), row k of B the 16 floats at bptrs[k].
 */
typedef void (*ukr_indb_t)(long kc, const float *a, const float *const *bptrs, float *c, long ldc);

static void ukr_indb_portable(long kc, const float *a, const float *const *bptrs, float *c, long ldc) {
  float acc[4][NR];
  memset(acc, 0, sizeof acc);
  for (long k = 0; k < kc; k++, a += 4) {
    const float *b = bptrs[k];
    for (int r = 0; r < 4; r++) for (int j = 0; j < NR; j++) acc[r][j] += a[r] * b[j];
  }
  for (int r = 0; r < 4; r++) for (int j = 0; j < NR; j++) c[r * ldc + j] += acc[r][j];
}

#ifdef DEEPER_X86
__attribute__((target("avx2,fma"))) static void ukr_indb_avx2(long kc, const float *a, const float *const *bptrs, float *c, long ldc) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (long k = 0; k < kc; k++, a += 6) {
    const float *b = bptrs[k];
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
    __m256 ar;
    ar = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(ar, b0, c00); c01 = _mm256_fmadd_ps(ar, b1, c01);
    ar = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(ar, b0, c10); c11 = _mm256_fmadd_ps(ar, b1, c11);
    ar = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(ar, b0, c20); c21 = _mm256_fmadd_ps(ar, b1, c21);
    ar = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(ar, b0, c30); c31 = _mm256_fmadd_ps(ar, b1, c31);
    ar = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(ar, b0, c40); c41 = _mm256_fmadd_ps(ar, b1, c41);
    ar = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(ar, b0, c50); c51 = _mm256_fmadd_ps(ar, b1, c51);
  }
#define ACC(r, x0, x1) do { float *row = c + (r) * ldc; \
    _mm256_storeu_ps(row, _mm256_add_ps(x0, _mm256_loadu_ps(row))); _mm256_storeu_ps(row + 8, _mm256_add_ps(x1, _mm256_loadu_ps(row + 8))); } while (0)
  ACC(0, c00, c01); ACC(1, c10, c11); ACC(2, c20, c21); ACC(3, c30, c31); ACC(4, c40, c41); ACC(5, c50, c51);
#undef ACC
}

__attribute__((target("avx512f"))) static void ukr_indb_avx512(long kc, const float *a, const float *const *bptrs, float *c, long ldc) {
  /* 16 rows: the weight gradient's rows are output channels, most often a multiple of 16. */
  __m512 acc[16];
  for (int r = 0; r < 16; r++) acc[r] = _mm512_setzero_ps();
  for (long k = 0; k < kc; k++, a += 16) {
    const __m512 bv = _mm512_loadu_ps(bptrs[k]);
    acc[0] = _mm512_fmadd_ps(_mm512_set1_ps(a[0]), bv, acc[0]);
    acc[1] = _mm512_fmadd_ps(_mm512_set1_ps(a[1]), bv, acc[1]);
    acc[2] = _mm512_fmadd_ps(_mm512_set1_ps(a[2]), bv, acc[2]);
    acc[3] = _mm512_fmadd_ps(_mm512_set1_ps(a[3]), bv, acc[3]);
    acc[4] = _mm512_fmadd_ps(_mm512_set1_ps(a[4]), bv, acc[4]);
    acc[5] = _mm512_fmadd_ps(_mm512_set1_ps(a[5]), bv, acc[5]);
    acc[6] = _mm512_fmadd_ps(_mm512_set1_ps(a[6]), bv, acc[6]);
    acc[7] = _mm512_fmadd_ps(_mm512_set1_ps(a[7]), bv, acc[7]);
    acc[8] = _mm512_fmadd_ps(_mm512_set1_ps(a[8]), bv, acc[8]);
    acc[9] = _mm512_fmadd_ps(_mm512_set1_ps(a[9]), bv, acc[9]);
    acc[10] = _mm512_fmadd_ps(_mm512_set1_ps(a[10]), bv, acc[10]);
    acc[11] = _mm512_fmadd_ps(_mm512_set1_ps(a[11]), bv, acc[11]);
    acc[12] = _mm512_fmadd_ps(_mm512_set1_ps(a[12]), bv, acc[12]);
    acc[13] = _mm512_fmadd_ps(_mm512_set1_ps(a[13]), bv, acc[13]);
    acc[14] = _mm512_fmadd_ps(_mm512_set1_ps(a[14]), bv, acc[14]);
    acc[15] = _mm512_fmadd_ps(_mm512_set1_ps(a[15]), bv, acc[15]);
  }
  for (int r = 0; r < 16; r++) {
    float *row = c + r * ldc;
    _mm512_storeu_ps(row, _mm512_add_ps(acc[r], _mm512_loadu_ps(row)));
  }
}
#endif

static ukr_indb_t current_indb = ukr_indb_portable;
static int current_indb_mr = 4;
static ukr_ind_t current_ind = ukr_ind_portable;
static gemm_path_t current_path = PATH_PORTABLE;
static int current_mr = 4;
static ukr_t current_ukr = ukr_portable;

gemm_path_t gemm_best_path(void) {
#ifdef DEEPER_X86
  __builtin_cpu_init();
  /* libgcc's checks include the OS's register-state support (XCR0). */
  if (__builtin_cpu_supports("avx512f")) return PATH_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return PATH_AVX2;
#endif
  return PATH_PORTABLE;
}

int gemm_set_path(gemm_path_t path) {
  if (path > gemm_best_path() || (path == PATH_AVX512 && gemm_best_path() != PATH_AVX512)) return 0;
#ifdef DEEPER_X86
  if (path == PATH_AVX512) { current_ukr = ukr_avx512; current_ind = ukr_ind_avx512; current_indb = ukr_indb_avx512; current_indb_mr = 16; current_mr = 12; current_path = path; return 1; }
  if (path == PATH_AVX2) { current_ukr = ukr_avx2; current_ind = ukr_ind_avx2; current_indb = ukr_indb_avx2; current_indb_mr = 6; current_mr = 6; current_path = path; return 1; }
#endif
  current_ukr = ukr_portable; current_ind = ukr_ind_portable; current_indb = ukr_indb_portable; current_indb_mr = 4; current_mr = 4; current_path = PATH_PORTABLE;
  return 1;
}

gemm_path_t gemm_get_path(void) { return current_path; }
int gemm_mr(void) { return current_mr; }

const char *gemm_path_name(gemm_path_t path) {
  return path == PATH_AVX512 ? "avx512" : path == PATH_AVX2 ? "avx2" : "portable";
}

static float *grow(float *p, size_t *have, size_t want) {
  if (*have >= want && p) return p;
  free(p);
  size_t bytes = ((want * sizeof(float)) + 63) & ~(size_t)63;
  float *q = aligned_alloc(64, bytes);
  *have = q ? want : 0;
  return q;
}

int scratch_reserve_pack(scratch_t *s) {
  if (!s->a) s->a = aligned_alloc(64, sizeof(float) * MC * KC);
  if (!s->b) s->b = aligned_alloc(64, sizeof(float) * KC * NC);
  return s->a && s->b;
}
int scratch_reserve_col(scratch_t *s, size_t floats) { s->col = grow(s->col, &s->col_floats, floats); return s->col != NULL; }
int scratch_reserve_part(scratch_t *s, size_t floats) { s->part = grow(s->part, &s->part_floats, floats); return s->part != NULL; }
int scratch_reserve_wp(scratch_t *s, size_t floats) { s->wp = grow(s->wp, &s->wp_floats, floats); return s->wp != NULL; }
int scratch_reserve_zero(scratch_t *s, size_t floats) {
  if (s->zero && s->zero_floats >= floats) return 1;
  s->zero = grow(s->zero, &s->zero_floats, floats);
  if (s->zero) memset(s->zero, 0, floats * sizeof(float));
  return s->zero != NULL;
}
int scratch_reserve_ptrs(scratch_t *s, size_t count) {
  if (s->ptrs && s->ptrs_count >= count) return 1;
  free((void *)s->ptrs);
  s->ptrs = malloc(count * sizeof(float *));
  s->ptrs_count = s->ptrs ? count : 0;
  return s->ptrs != NULL;
}
void scratch_free(scratch_t *s) {
  free(s->a); free(s->b); free(s->col); free(s->part); free(s->wp); free(s->zero); free((void *)s->ptrs);
  memset(s, 0, sizeof *s);
}

static void pack_a(long mc, long kc, const float *A, long rsA, long csA, float *dst, int mr) {
  for (long p = 0; p < mc; p += mr, dst += mr * kc) {
    const long rows = mc - p < mr ? mc - p : mr;
    if (rsA == 1) {
      for (long k = 0; k < kc; k++) {
        const float *src = A + p + k * csA;
        float *d = dst + k * mr;
        long r = 0;
        for (; r < rows; r++) d[r] = src[r];
        for (; r < mr; r++) d[r] = 0.f;
      }
    } else {
      long r = 0;
      for (; r < rows; r++) {
        const float *src = A + (p + r) * rsA;
        for (long k = 0; k < kc; k++) dst[k * mr + r] = src[k * csA];
      }
      for (; r < mr; r++) for (long k = 0; k < kc; k++) dst[k * mr + r] = 0.f;
    }
  }
}

static void pack_b(long kc, long nc, const float *B, long rsB, long csB, float *dst) {
  for (long q = 0; q < nc; q += NR, dst += NR * kc) {
    const long cols = nc - q < NR ? nc - q : NR;
    if (csB == 1 && cols == NR) {
      for (long k = 0; k < kc; k++) memcpy(dst + k * NR, B + k * rsB + q, NR * sizeof(float));
    } else if (csB == 1) {
      for (long k = 0; k < kc; k++) {
        const float *src = B + k * rsB + q;
        long j = 0;
        for (; j < cols; j++) dst[k * NR + j] = src[j];
        for (; j < NR; j++) dst[k * NR + j] = 0.f;
      }
    } else {
      for (long k = 0; k < kc; k++) {
        const float *src = B + k * rsB + q * csB;
        long j = 0;
        for (; j < cols; j++) dst[k * NR + j] = src[j * csB];
        for (; j < NR; j++) dst[k * NR + j] = 0.f;
      }
    }
  }
}

/*
 * Up to this many rows of A, a row-major B (csB = 1) is read in place instead of packed:
 * packing copies all of B on every call, which for the few rows of a small batch (a DQN
 * update's 32, an action's 1) cost more than the product itself.
 */
#define DIRECT_B_ROWS 64

/*
 * One row of A: c (+)= a B, streamed through B's rows (the caller's csB is 1). A vector
 * times a matrix has no reuse to pack for; the compiler vectorises the inner loop for
 * each ISA the clones name.
 */
#ifdef DEEPER_X86
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static void gemv_row(long N, long K, const float *a, long csA, const float *B, long rsB, float *c, int accumulate) {
  if (!accumulate) memset(c, 0, N * sizeof(float));
  for (long k = 0; k < K; k++) {
    const float ak = a[k * csA];
    const float *row = B + k * rsB;
    for (long j = 0; j < N; j++) c[j] += ak * row[j];
  }
}

void gemm_st(long M, long N, long K, const float *A, long rsA, long csA, const float *B, long rsB, long csB,
             float *C, long ldc, int accumulate, scratch_t *s) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) for (long i = 0; i < M; i++) memset(C + i * ldc, 0, N * sizeof(float));
    return;
  }
  if (csB == 1 && M <= 2) {
    for (long i = 0; i < M; i++) gemv_row(N, K, A + i * rsA, csA, B, rsB, C + i * ldc, accumulate);
    return;
  }
  const int mr = current_mr;
  const ukr_t ukr = current_ukr;
  const int direct = csB == 1 && M <= DIRECT_B_ROWS;
  float tile[12 * NR] __attribute__((aligned(64)));
  for (long jc = 0; jc < N; jc += NC) {
    const long nc = N - jc < NC ? N - jc : NC;
    for (long pc = 0; pc < K; pc += KC) {
      const long kc = K - pc < KC ? K - pc : KC;
      const int acc = accumulate || pc > 0;
      if (!direct) pack_b(kc, nc, B + pc * rsB + jc * csB, rsB, csB, s->b);
      for (long ic = 0; ic < M; ic += MC) {
        const long mc = M - ic < MC ? M - ic : MC;
        pack_a(mc, kc, A + ic * rsA + pc * csA, rsA, csA, s->a, mr);
        for (long jr = 0; jr < nc; jr += NR) {
          const long cols = nc - jr < NR ? nc - jr : NR;
          const float *bp = s->b + jr * kc;
          long ldb = NR;
          if (direct && cols == NR) {
            bp = B + pc * rsB + jc + jr;
            ldb = rsB;
          } else if (direct) {
            /* The last, partial panel: packed (zero-padded), so no read runs past B's row. */
            pack_b(kc, cols, B + pc * rsB + jc + jr, rsB, 1, s->b);
            bp = s->b;
          }
          for (long ir = 0; ir < mc; ir += mr) {
            const long rows = mc - ir < mr ? mc - ir : mr;
            const float *ap = s->a + ir * kc;
            float *c = C + (ic + ir) * ldc + jc + jr;
            if (rows == mr && cols == NR) {
              ukr(kc, ap, bp, ldb, c, ldc, acc);
            } else {
              ukr(kc, ap, bp, ldb, tile, NR, 0);
              for (long r = 0; r < rows; r++) {
                float *row = c + r * ldc;
                const float *t = tile + r * NR;
                if (acc) for (long j = 0; j < cols; j++) row[j] += t[j];
                else for (long j = 0; j < cols; j++) row[j] = t[j];
              }
            }
          }
        }
      }
    }
  }
}

int gemm_indirect_b_mr(void) { return current_indb_mr; }

void gemm_pack_rows(long M, long K, const float *A, long rsA, long csA, float *dst) {
  pack_a(M, K, A, rsA, csA, dst, current_indb_mr);
}

void gemm_indirect_b_tile(long kc, const float *a_panel, const float *const *bptrs, float *C, long ldc) {
  current_indb(kc, a_panel, bptrs, C, ldc);
}

void gemm_pack_panels(long K, long N, const float *B, long rsB, long csB, float *dst) {
  pack_b(K, N, B, rsB, csB, dst);
}

void gemm_indirect_tile(long rows, long n, long taps, long cin, const float *const *ptrs, const float *panel, float *C, long ldc) {
  if (rows == current_mr && n == NR) {
    current_ind(taps, cin, ptrs, panel, C, ldc);
    return;
  }
  float tile[12 * NR] __attribute__((aligned(64)));
  current_ind(taps, cin, ptrs, panel, tile, NR);
  for (long r = 0; r < rows; r++) memcpy(C + r * ldc, tile + r * NR, n * sizeof(float));
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#ifdef DEEPER_X86
__attribute__((target("avx2,fma"))) static float fma_burst_avx2(long n) {
  __m256 x[12], m = _mm256_set1_ps(0.999999f), a = _mm256_set1_ps(1e-7f);
  for (int i = 0; i < 12; i++) x[i] = _mm256_set1_ps((float)i);
  for (long k = 0; k < n; k++)
    for (int i = 0; i < 12; i++) x[i] = _mm256_fmadd_ps(x[i], m, a);
  __m256 s = x[0];
  for (int i = 1; i < 12; i++) s = _mm256_add_ps(s, x[i]);
  float out[8];
  _mm256_storeu_ps(out, s);
  return out[0];
}
__attribute__((target("avx512f"))) static float fma_burst_avx512(long n) {
  __m512 x[12], m = _mm512_set1_ps(0.999999f), a = _mm512_set1_ps(1e-7f);
  for (int i = 0; i < 12; i++) x[i] = _mm512_set1_ps((float)i);
  for (long k = 0; k < n; k++)
    for (int i = 0; i < 12; i++) x[i] = _mm512_fmadd_ps(x[i], m, a);
  __m512 s = x[0];
  for (int i = 1; i < 12; i++) s = _mm512_add_ps(s, x[i]);
  return _mm512_reduce_add_ps(s);
}
#endif

double fma_flops_loop(double seconds, double *elapsed) {
  volatile float sink = 0.f;
  const long burst = 1L << 20;
  double flops = 0, t0 = now_s(), t;
  do {
#ifdef DEEPER_X86
    if (current_path == PATH_AVX512) { sink += fma_burst_avx512(burst); flops += 2.0 * 16 * 12 * burst; }
    else if (current_path == PATH_AVX2) { sink += fma_burst_avx2(burst); flops += 2.0 * 8 * 12 * burst; }
    else
#endif
    {
      float x[4][16] = {{0}};
      for (long k = 0; k < burst / 16; k++)
        for (int r = 0; r < 4; r++) for (int j = 0; j < 16; j++) x[r][j] = x[r][j] * 0.999999f + 1e-7f;
      sink += x[0][0] + x[3][15];
      flops += 2.0 * 64 * (burst / 16);
    }
    t = now_s();
  } while (t - t0 < seconds);
  (void)sink;
  *elapsed = t - t0;
  return flops;
}
