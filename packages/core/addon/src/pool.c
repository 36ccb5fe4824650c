/* The addon's thread pool; see pool.h. */
#include "pool.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct {
  pthread_t thread;
  int tid;
  long started, finished; /* the last job generation this thread began and ended */
  long delay_ms;
} worker_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_cv, done_cv;
static int cv_ready = 0;
static worker_t workers[POOL_MAX_THREADS];
static scratch_t scratch[POOL_MAX_THREADS];
static int nthreads = 1;        /* participants including the caller */
static int running_workers = 0; /* pthreads alive */
static long generation = 0;
static int stopping = 0, retired = 0;
static char retired_reason[512];
static long limit_ms = 120000;
static pool_job_t job_fn;
static void *job_ctx;
static int job_participants;
static int remaining;

static void init_cvs(void) {
  if (cv_ready) return;
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&work_cv, &attr);
  pthread_cond_init(&done_cv, &attr);
  pthread_condattr_destroy(&attr);
  cv_ready = 1;
}

static void *worker_main(void *arg) {
  worker_t *w = arg;
  pthread_mutex_lock(&lock);
  /* The generation when this thread was created, not when it first runs: a job posted in between must still run here. */
  long seen = w->started;
  for (;;) {
    while (generation == seen && !stopping) pthread_cond_wait(&work_cv, &lock);
    if (stopping) break;
    seen = generation;
    if (w->tid >= job_participants) continue;
    w->started = seen;
    pool_job_t fn = job_fn;
    void *ctx = job_ctx;
    const int n = job_participants;
    const long delay = w->delay_ms;
    w->delay_ms = 0;
    pthread_mutex_unlock(&lock);
    if (delay > 0) {
      struct timespec d = { delay / 1000, (delay % 1000) * 1000000L };
      nanosleep(&d, NULL);
    }
    fn(ctx, w->tid, n);
    pthread_mutex_lock(&lock);
    w->finished = seen;
    if (--remaining == 0) pthread_cond_signal(&done_cv);
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

void pool_shutdown(void) {
  pthread_mutex_lock(&lock);
  init_cvs();
  stopping = 1;
  pthread_cond_broadcast(&work_cv);
  const int alive = running_workers;
  pthread_mutex_unlock(&lock);
  /* A retired pool may hold a thread that never returns: detach instead of joining it. */
  for (int t = 1; t <= alive; t++) {
    if (retired) pthread_detach(workers[t].thread);
    else pthread_join(workers[t].thread, NULL);
  }
  pthread_mutex_lock(&lock);
  running_workers = 0;
  stopping = 0;
  nthreads = 1;
  pthread_mutex_unlock(&lock);
}

int pool_configure(int threads, long timeout_ms, char *err, size_t errlen) {
  if (threads < 1 || threads > POOL_MAX_THREADS) {
    snprintf(err, errlen, "threads must be an integer in [1, %d], got %d", POOL_MAX_THREADS, threads);
    return 0;
  }
  if (timeout_ms < 1) {
    snprintf(err, errlen, "the wait limit must be at least 1 ms, got %ld", timeout_ms);
    return 0;
  }
  if (retired) {
    snprintf(err, errlen, "%s", retired_reason);
    return 0;
  }
  limit_ms = timeout_ms;
  if (threads == nthreads && running_workers == threads - 1) return 1;
  pool_shutdown();
  pthread_mutex_lock(&lock);
  init_cvs();
  for (int t = 1; t < threads; t++) {
    workers[t].tid = t;
    workers[t].started = workers[t].finished = generation;
    workers[t].delay_ms = 0;
    if (pthread_create(&workers[t].thread, NULL, worker_main, &workers[t]) != 0) {
      pthread_mutex_unlock(&lock);
      snprintf(err, errlen, "pthread_create failed for thread %d: %s", t, strerror(errno));
      pool_shutdown();
      return 0;
    }
    running_workers = t;
  }
  nthreads = threads;
  pthread_mutex_unlock(&lock);
  return 1;
}

int pool_threads(void) { return nthreads; }
long pool_limit_ms(void) { return limit_ms; }
scratch_t *pool_scratch(int tid) { return &scratch[tid]; }

void pool_delay_worker(int tid, long ms) {
  if (tid < 1 || tid >= POOL_MAX_THREADS) return;
  pthread_mutex_lock(&lock);
  workers[tid].delay_ms = ms;
  pthread_mutex_unlock(&lock);
}

int pool_run(pool_job_t job, void *ctx, int participants, const char *kernel, char *err, size_t errlen) {
  if (retired) {
    snprintf(err, errlen, "%s", retired_reason);
    return 0;
  }
  if (participants > nthreads) participants = nthreads;
  if (participants <= 1) {
    job(ctx, 0, 1);
    return 1;
  }
  pthread_mutex_lock(&lock);
  job_fn = job;
  job_ctx = ctx;
  job_participants = participants;
  remaining = participants - 1;
  const long gen = ++generation;
  pthread_cond_broadcast(&work_cv);
  pthread_mutex_unlock(&lock);

  job(ctx, 0, participants);

  struct timespec start, deadline;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pthread_mutex_lock(&lock);
  while (remaining > 0) {
    /* Wait in slices of at most a second, so the limit holds even if a wake-up is lost. */
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    const long waited_ms = (deadline.tv_sec - start.tv_sec) * 1000 + (deadline.tv_nsec - start.tv_nsec) / 1000000;
    if (waited_ms >= limit_ms) break;
    const long slice = limit_ms - waited_ms < 1000 ? limit_ms - waited_ms : 1000;
    deadline.tv_sec += slice / 1000;
    deadline.tv_nsec += (slice % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
    pthread_cond_timedwait(&done_cv, &lock, &deadline);
  }
  if (remaining > 0) {
    int n = snprintf(err, errlen, "deeper's native addon: kernel %s waited %.1f s (the limit, DEEPER_WAIT_TIMEOUT_S) for its threads:",
                     kernel, limit_ms / 1000.0);
    for (int t = 1; t < participants && n > 0 && (size_t)n < errlen; t++) {
      const char *state = workers[t].finished == gen ? "finished" : workers[t].started == gen ? "took the job and never finished" : "never took the job";
      n += snprintf(err + n, errlen - n, " thread %d %s;", t, state);
    }
    if (n > 0 && (size_t)n < errlen) snprintf(err + n, errlen - n, " the native kernels stay off until the process restarts");
    snprintf(retired_reason, sizeof retired_reason, "deeper's native addon was retired after a time-out in kernel %s", kernel);
    retired = 1;
    pthread_mutex_unlock(&lock);
    return 0;
  }
  pthread_mutex_unlock(&lock);
  return 1;
}
