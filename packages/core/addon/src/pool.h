/*
 * The addon's own thread pool: the calling (JavaScript) thread plus n - 1 pthreads, each
 * with its own GEMM scratch. A job runs on every participant; the caller waits for the
 * others with a time limit, and past it reports each thread's state and retires the pool
 * (a late thread could still write into the heap), never hanging silently.
 */
#ifndef DEEPER_POOL_H
#define DEEPER_POOL_H
#include <stddef.h>
#include "gemm.h"

#define POOL_MAX_THREADS 64

typedef void (*pool_job_t)(void *ctx, int tid, int participants);

/* (Re)starts the pool with `threads` participants (1: no pthreads) and a wait limit; 0 on failure. */
int pool_configure(int threads, long timeout_ms, char *err, size_t errlen);
int pool_threads(void);
/* The wait limit in force, in ms. */
long pool_limit_ms(void);
/* Scratch of participant `tid` (valid during a job). */
scratch_t *pool_scratch(int tid);
/* Runs `job` on `participants` threads (capped at the pool's size); 0 with `err` set on a time-out. */
int pool_run(pool_job_t job, void *ctx, int participants, const char *kernel, char *err, size_t errlen);
/* Ends the pthreads (waiting for them); for tests and process teardown. */
void pool_shutdown(void);
/* A test hook: makes worker `tid` (>= 1) sleep `ms` before its next job's work. */
void pool_delay_worker(int tid, long ms);
#endif
