/*
 * Single-threaded packed SGEMM for deeper's Node-API addon.
 *
 *   C[i, j] (+)= sum_k A(i, k) * B(k, j),   A(i, k) = A[i*rsA + k*csA],  B(k, j) = B[k*rsB + j*csB]
 *
 * Any transpose is a choice of strides. Blocks of A (MR-row panels) and B (16-column
 * panels) are packed into thread-local scratch, then a micro-kernel chosen at run time
 * (portable C, AVX2+FMA, AVX-512F) computes MR x 16 tiles.
 */
#ifndef DEEPER_GEMM_H
#define DEEPER_GEMM_H
#include <stddef.h>

typedef struct {
  float *a;      /* packed A block, MC x KC */
  float *b;      /* packed B block, KC x NC */
  float *col;    /* im2col rows or column-gradient rows for the conv drivers */
  float *part;   /* a partial result (weight gradient) */
  float *wp;     /* packed weights (participant 0's, shared read-only during a job) */
  float *zero;   /* zeros, read by indirect rows that fall in the padding */
  const float **ptrs; /* indirect row pointers */
  size_t col_floats, part_floats, wp_floats, zero_floats, ptrs_count;
} scratch_t;

typedef enum { PATH_PORTABLE = 0, PATH_AVX2 = 1, PATH_AVX512 = 2 } gemm_path_t;

/* The best path this CPU (and OS) supports. */
gemm_path_t gemm_best_path(void);
/* Chooses the micro-kernel for later calls; returns 0 if the CPU lacks it. */
int gemm_set_path(gemm_path_t path);
gemm_path_t gemm_get_path(void);
const char *gemm_path_name(gemm_path_t path);
/* Rows of A per micro-tile on the current path. */
int gemm_mr(void);

/* Allocates (or grows) the scratch's pack buffers; returns 0 on failure. */
int scratch_reserve_pack(scratch_t *s);
int scratch_reserve_col(scratch_t *s, size_t floats);
int scratch_reserve_part(scratch_t *s, size_t floats);
int scratch_reserve_wp(scratch_t *s, size_t floats);
int scratch_reserve_zero(scratch_t *s, size_t floats);
int scratch_reserve_ptrs(scratch_t *s, size_t count);
void scratch_free(scratch_t *s);

void gemm_st(long M, long N, long K, const float *A, long rsA, long csA, const float *B, long rsB, long csB,
             float *C, long ldc, int accumulate, scratch_t *s);

/*
 * Indirect GEMM (the convolution without im2col): C[r, j] (+)= sum_t sum_k ptrs[t][r][k] * W[t*cin + k, j]
 * for r < rows (at most gemm_mr()), j < n (at most 16); ptrs holds taps x gemm_mr() row pointers
 * (rows past `rows` point at zeros), W is one packed 16-column panel (gemm_pack_panels).
 */
void gemm_indirect_tile(long rows, long n, long taps, long cin, const float *const *ptrs, const float *panel, float *C, long ldc);
/* Packs B (K x N, strides rsB, csB) into ceil(N / 16) panels of K x 16, zero-padded: K * 16 * ceil(N / 16) floats. */
void gemm_pack_panels(long K, long N, const float *B, long rsB, long csB, float *dst);

/* Rows of gemm_indirect_b_tile's tiles (MR below) on the current path. */
int gemm_indirect_b_mr(void);
/*
 * Packs A (M x K) into ceil(M / MR) row panels of K x MR (rows past M zero): the A operand of
 * gemm_indirect_b_tile, panel i at dst + i * MR * K.
 */
void gemm_pack_rows(long M, long K, const float *A, long rsA, long csA, float *dst);
/* C (MR x 16, all MR rows written) += A_panel (kc x MR packed) B, row k of B the 16 floats at bptrs[k]. */
void gemm_indirect_b_tile(long kc, const float *a_panel, const float *const *bptrs, float *C, long ldc);

/* FMA throughput loop on this thread: floating-point operations done in about `seconds`. */
double fma_flops_loop(double seconds, double *elapsed);
#endif
