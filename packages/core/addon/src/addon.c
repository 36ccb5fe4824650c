/*
 * deeper's Node-API addon: native CPU kernels computing on the tfjs wasm backend's heap.
 *
 * Every kernel takes the heap as a Uint8Array over the backend's WebAssembly.Memory buffer
 * (a SharedArrayBuffer in the threaded build), then byte offsets of its tensors and their
 * dimensions. The heap's base address is fetched on every call (the memory may have grown,
 * and an unshared one moves when it grows) and never kept. Every tensor's extent is checked
 * against the heap's length, and an output against its inputs, before any thread starts:
 * a wrong shape is a JavaScript error, never a stray write.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include "gemm.h"
#include "elementwise.h"
#include "ops.h"
#include "pool.h"
#include "optimizer.h"

#define ERRLEN 1024

/*
 * One kernel at a time per process: the pool and its scratch are shared, and a Node worker
 * thread that loads the addon too must not start a job while the main thread's is running.
 */
static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER;
/* Takes the call lock within the wait limit; 0 with `err` set past it (another thread's kernel never ended). */
static int lock_call(char *err, size_t errlen) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  const long ms = pool_limit_ms();
  deadline.tv_sec += ms / 1000;
  deadline.tv_nsec += (ms % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
  if (pthread_mutex_timedlock(&call_lock, &deadline) == 0) return 1;
  snprintf(err, errlen, "deeper's native addon: waited %.1f s (the limit, DEEPER_WAIT_TIMEOUT_S) for another thread's kernel to end", ms / 1000.0);
  return 0;
}
#define LOCKED(expr) (lock_call(err, sizeof err) ? (_locked_result = (expr), pthread_mutex_unlock(&call_lock), _locked_result) : 0)
static __thread int _locked_result;

#define CALL(env, expr) do { if ((expr) != napi_ok) { throw_error(env, "a Node-API call failed: " #expr); return NULL; } } while (0)

static void throw_error(napi_env env, const char *message) {
  const napi_extended_error_info *info = NULL;
  napi_get_last_error_info(env, &info);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, "DEEPER_ADDON", message);
}

static int get_args(napi_env env, napi_callback_info cb, size_t want, napi_value *argv, const char *fn) {
  size_t argc = want;
  if (napi_get_cb_info(env, cb, &argc, argv, NULL, NULL) != napi_ok || argc != want) {
    char msg[256];
    snprintf(msg, sizeof msg, "deeper addon %s: expected %zu arguments, got %zu", fn, want, argc);
    throw_error(env, msg);
    return 0;
  }
  return 1;
}

static int get_i64(napi_env env, napi_value v, int64_t *out, const char *fn, const char *name) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || d != (double)(int64_t)d || d < -1 || d > 9007199254740991.0) {
    char msg[256];
    snprintf(msg, sizeof msg, "deeper addon %s: %s must be an integer, got something else", fn, name);
    throw_error(env, msg);
    return 0;
  }
  *out = (int64_t)d;
  return 1;
}

typedef struct { uint8_t *base; size_t length; } heap_t;

static int get_heap(napi_env env, napi_value v, heap_t *h, const char *fn) {
  bool is_ta = false;
  napi_typedarray_type type;
  size_t length = 0, offset = 0;
  void *data = NULL;
  napi_value ab;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta ||
      napi_get_typedarray_info(env, v, &type, &length, &data, &ab, &offset) != napi_ok || type != napi_uint8_array || !data) {
    char msg[256];
    snprintf(msg, sizeof msg, "deeper addon %s: heap must be a Uint8Array over the wasm memory", fn);
    throw_error(env, msg);
    return 0;
  }
  h->base = data;
  h->length = length;
  return 1;
}

/* A float tensor of `count` elements at byte `offset` of the heap, or NULL (with an exception) when it does not fit. */
static float *tensor_at(napi_env env, const heap_t *h, int64_t offset, double count, const char *fn, const char *name) {
  if (offset < 0 || offset % 4 != 0 || count < 0 || (double)offset + 4.0 * count > (double)h->length) {
    char msg[320];
    snprintf(msg, sizeof msg, "deeper addon %s: tensor %s (%.0f floats at byte %lld) does not lie inside the %zu-byte heap",
             fn, name, count, (long long)offset, h->length);
    throw_error(env, msg);
    return NULL;
  }
  return (float *)(h->base + offset);
}

static int disjoint(napi_env env, const float *out, double out_n, const float *in, double in_n, const char *fn, const char *name) {
  if (!in || !out) return 1;
  const uintptr_t o0 = (uintptr_t)out, o1 = o0 + (uintptr_t)(out_n * 4), i0 = (uintptr_t)in, i1 = i0 + (uintptr_t)(in_n * 4);
  if (o1 <= i0 || i1 <= o0 || out_n == 0 || in_n == 0) return 1;
  char msg[256];
  snprintf(msg, sizeof msg, "deeper addon %s: the output overlaps input %s", fn, name);
  throw_error(env, msg);
  return 0;
}

static napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

/* Reads the 15 geometry numbers starting at argv[first] and checks them. */
static int get_geom(napi_env env, napi_value *argv, conv_geom_t *g, const char *fn) {
  static const char *names[15] = { "batch", "inHeight", "inWidth", "inChannels", "outHeight", "outWidth", "outChannels",
    "filterHeight", "filterWidth", "strideHeight", "strideWidth", "dilationHeight", "dilationWidth", "padTop", "padLeft" };
  int64_t v[15];
  for (int i = 0; i < 15; i++) {
    if (!get_i64(env, argv[i], &v[i], fn, names[i])) return 0;
    const int64_t min = i == 0 ? 0 : i >= 13 ? -(1LL << 30) : 1;
    if (v[i] < min || v[i] > (1LL << 30)) {
      char msg[256];
      snprintf(msg, sizeof msg, "deeper addon %s: %s = %lld is out of range", fn, names[i], (long long)v[i]);
      throw_error(env, msg);
      return 0;
    }
  }
  g->batch = v[0]; g->in_h = v[1]; g->in_w = v[2]; g->in_c = v[3]; g->out_h = v[4]; g->out_w = v[5]; g->out_c = v[6];
  g->k_h = v[7]; g->k_w = v[8]; g->stride_h = v[9]; g->stride_w = v[10]; g->dil_h = v[11]; g->dil_w = v[12];
  g->pad_t = v[13]; g->pad_l = v[14];
  return 1;
}

static double in_count(const conv_geom_t *g) { return (double)g->batch * g->in_h * g->in_w * g->in_c; }
static double out_count(const conv_geom_t *g) { return (double)g->batch * g->out_h * g->out_w * g->out_c; }
static double filter_count(const conv_geom_t *g) { return (double)g->k_h * g->k_w * g->in_c * g->out_c; }

/* conv2d(heap, x, filter, bias (-1: none), y, 15 geometry numbers, activation, alpha) */
static napi_value js_conv2d(napi_env env, napi_callback_info cb) {
  const char *fn = "conv2d";
  napi_value argv[22];
  heap_t h;
  int64_t xo, wo, bo, yo, act;
  double alpha;
  conv_geom_t g;
  if (!get_args(env, cb, 22, argv, fn) || !get_heap(env, argv[0], &h, fn) || !get_i64(env, argv[1], &xo, fn, "x") ||
      !get_i64(env, argv[2], &wo, fn, "filter") || !get_i64(env, argv[3], &bo, fn, "bias") || !get_i64(env, argv[4], &yo, fn, "y") ||
      !get_geom(env, argv + 5, &g, fn) || !get_i64(env, argv[20], &act, fn, "activation")) return NULL;
  CALL(env, napi_get_value_double(env, argv[21], &alpha));
  if (act < ACT_LINEAR || act > ACT_LEAKY) { throw_error(env, "deeper addon conv2d: activation must be 0..3"); return NULL; }
  const float *x = tensor_at(env, &h, xo, in_count(&g), fn, "x");
  const float *w = x ? tensor_at(env, &h, wo, filter_count(&g), fn, "filter") : NULL;
  const float *bias = w && bo >= 0 ? tensor_at(env, &h, bo, (double)g.out_c, fn, "bias") : NULL;
  if (!w || (bo >= 0 && !bias)) return NULL;
  float *y = tensor_at(env, &h, yo, out_count(&g), fn, "y");
  if (!y || !disjoint(env, y, out_count(&g), x, in_count(&g), fn, "x") || !disjoint(env, y, out_count(&g), w, filter_count(&g), fn, "filter") ||
      !disjoint(env, y, out_count(&g), bias, bias ? (double)g.out_c : 0, fn, "bias")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(op_conv2d(&g, x, w, bias, (int)act, (float)alpha, y, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* conv2dBackpropInput(heap, dy, filter, dx, 15 geometry numbers) */
static napi_value js_conv2d_backprop_input(napi_env env, napi_callback_info cb) {
  const char *fn = "conv2dBackpropInput";
  napi_value argv[19];
  heap_t h;
  int64_t dyo, wo, dxo;
  conv_geom_t g;
  if (!get_args(env, cb, 19, argv, fn) || !get_heap(env, argv[0], &h, fn) || !get_i64(env, argv[1], &dyo, fn, "dy") ||
      !get_i64(env, argv[2], &wo, fn, "filter") || !get_i64(env, argv[3], &dxo, fn, "dx") || !get_geom(env, argv + 4, &g, fn)) return NULL;
  const float *dy = tensor_at(env, &h, dyo, out_count(&g), fn, "dy");
  const float *w = dy ? tensor_at(env, &h, wo, filter_count(&g), fn, "filter") : NULL;
  float *dx = w ? tensor_at(env, &h, dxo, in_count(&g), fn, "dx") : NULL;
  if (!dx || !disjoint(env, dx, in_count(&g), dy, out_count(&g), fn, "dy") || !disjoint(env, dx, in_count(&g), w, filter_count(&g), fn, "filter")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(op_conv2d_backprop_input(&g, dy, w, dx, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* conv2dBackpropFilter(heap, x, dy, dw, 15 geometry numbers) */
static napi_value js_conv2d_backprop_filter(napi_env env, napi_callback_info cb) {
  const char *fn = "conv2dBackpropFilter";
  napi_value argv[19];
  heap_t h;
  int64_t xo, dyo, dwo;
  conv_geom_t g;
  if (!get_args(env, cb, 19, argv, fn) || !get_heap(env, argv[0], &h, fn) || !get_i64(env, argv[1], &xo, fn, "x") ||
      !get_i64(env, argv[2], &dyo, fn, "dy") || !get_i64(env, argv[3], &dwo, fn, "dw") || !get_geom(env, argv + 4, &g, fn)) return NULL;
  const float *x = tensor_at(env, &h, xo, in_count(&g), fn, "x");
  const float *dy = x ? tensor_at(env, &h, dyo, out_count(&g), fn, "dy") : NULL;
  float *dw = dy ? tensor_at(env, &h, dwo, filter_count(&g), fn, "dw") : NULL;
  if (!dw || !disjoint(env, dw, filter_count(&g), x, in_count(&g), fn, "x") || !disjoint(env, dw, filter_count(&g), dy, out_count(&g), fn, "dy")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(op_conv2d_backprop_filter(&g, x, dy, dw, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* matMul(heap, a, b, bias (-1: none), c, batchA, batchB, M, N, K, transA, transB, activation, alpha) */
static napi_value js_matmul(napi_env env, napi_callback_info cb) {
  const char *fn = "matMul";
  static const char *names[9] = { "batchA", "batchB", "M", "N", "K", "transA", "transB", "activation", "" };
  napi_value argv[14];
  heap_t h;
  int64_t ao, bo, biaso, co, v[8];
  double alpha;
  if (!get_args(env, cb, 14, argv, fn) || !get_heap(env, argv[0], &h, fn) || !get_i64(env, argv[1], &ao, fn, "a") ||
      !get_i64(env, argv[2], &bo, fn, "b") || !get_i64(env, argv[3], &biaso, fn, "bias") || !get_i64(env, argv[4], &co, fn, "c")) return NULL;
  for (int i = 0; i < 8; i++) {
    if (!get_i64(env, argv[5 + i], &v[i], fn, names[i])) return NULL;
    if (v[i] < 0 || v[i] > (1LL << 30)) { throw_error(env, "deeper addon matMul: a dimension is out of range"); return NULL; }
  }
  CALL(env, napi_get_value_double(env, argv[13], &alpha));
  const int64_t batch_a = v[0], batch_b = v[1], M = v[2], N = v[3], K = v[4];
  if (batch_a != batch_b && batch_a != 1 && batch_b != 1) { throw_error(env, "deeper addon matMul: batchA and batchB must be equal or one of them 1"); return NULL; }
  if (v[7] > ACT_LEAKY) { throw_error(env, "deeper addon matMul: activation must be 0..3"); return NULL; }
  const double batch = batch_a > batch_b ? batch_a : batch_b;
  const double na = (double)batch_a * M * K, nb = (double)batch_b * K * N, nc = batch * M * N;
  const float *a = tensor_at(env, &h, ao, na, fn, "a");
  const float *b = a ? tensor_at(env, &h, bo, nb, fn, "b") : NULL;
  const float *bias = b && biaso >= 0 ? tensor_at(env, &h, biaso, (double)N, fn, "bias") : NULL;
  if (!b || (biaso >= 0 && !bias)) return NULL;
  float *c = tensor_at(env, &h, co, nc, fn, "c");
  if (!c || !disjoint(env, c, nc, a, na, fn, "a") || !disjoint(env, c, nc, b, nb, fn, "b") || !disjoint(env, c, nc, bias, bias ? (double)N : 0, fn, "bias")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(op_matmul(batch_a, batch_b, M, N, K, (int)v[5], (int)v[6], a, b, bias, (int)v[7], (float)alpha, c, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* configure(threads, waitLimitMs) */
/* reluGrad(heap, dy, x, dx, n) */
static napi_value js_relu_grad(napi_env env, napi_callback_info cb) {
  const char *fn = "reluGrad";
  napi_value argv[5];
  heap_t h;
  int64_t dyo, xo, dxo, n;
  if (!get_args(env, cb, 5, argv, fn) || !get_heap(env, argv[0], &h, fn) || !get_i64(env, argv[1], &dyo, fn, "dy") ||
      !get_i64(env, argv[2], &xo, fn, "x") || !get_i64(env, argv[3], &dxo, fn, "dx") || !get_i64(env, argv[4], &n, fn, "n")) return NULL;
  if (n < 0 || n > (1LL << 40)) { throw_error(env, "deeper addon reluGrad: n is out of range"); return NULL; }
  const float *dy = tensor_at(env, &h, dyo, (double)n, fn, "dy");
  const float *x = dy ? tensor_at(env, &h, xo, (double)n, fn, "x") : NULL;
  float *dx = x ? tensor_at(env, &h, dxo, (double)n, fn, "dx") : NULL;
  if (!dx || !disjoint(env, dx, (double)n, dy, (double)n, fn, "dy") || !disjoint(env, dx, (double)n, x, (double)n, fn, "x")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(op_relu_grad(dy, x, dx, n, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* channelAffine(heap, x, scale, shift, out, rows, channels, terms): offsets of the vectors a term does not use are not read. */
static napi_value js_channel_affine(napi_env env, napi_callback_info cb) {
  const char *fn = "channelAffine";
  napi_value argv[8];
  heap_t h;
  int64_t xo, so, to, oo, rows, channels, terms;
  if (!get_args(env, cb, 8, argv, fn) || !get_heap(env, argv[0], &h, fn) || !get_i64(env, argv[1], &xo, fn, "x") ||
      !get_i64(env, argv[2], &so, fn, "scale") || !get_i64(env, argv[3], &to, fn, "shift") || !get_i64(env, argv[4], &oo, fn, "out") ||
      !get_i64(env, argv[5], &rows, fn, "rows") || !get_i64(env, argv[6], &channels, fn, "channels") || !get_i64(env, argv[7], &terms, fn, "terms")) return NULL;
  if (rows < 0 || channels < 0 || rows > (1LL << 40) || channels > (1LL << 30) || (terms != 1 && terms != 2 && terms != 3 && terms != 6)) {
    throw_error(env, "deeper addon channelAffine: rows, channels or terms (1, 2, 3 or 6) out of range");
    return NULL;
  }
  const double n = (double)rows * (double)channels;
  const float *x = NULL, *scale = NULL, *shift = NULL;
  if (!(terms & 4) && !(x = tensor_at(env, &h, xo, n, fn, "x"))) return NULL;
  if ((terms & 1) && !(scale = tensor_at(env, &h, so, (double)channels, fn, "scale"))) return NULL;
  if ((terms & 2) && !(shift = tensor_at(env, &h, to, (double)channels, fn, "shift"))) return NULL;
  float *out = tensor_at(env, &h, oo, n, fn, "out");
  if (!out || !disjoint(env, out, n, x, x ? n : 0, fn, "x") || !disjoint(env, out, n, scale, scale ? (double)channels : 0, fn, "scale") ||
      !disjoint(env, out, n, shift, shift ? (double)channels : 0, fn, "shift")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(op_channel_affine(x, scale, shift, out, rows, channels, (int)terms, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* maxPoolGrad(heap, x, dy, dx, batch, inH, inW, channels, outH, outW, kH, kW, strideH, strideW, padTop, padLeft) */
static napi_value js_max_pool_grad(napi_env env, napi_callback_info cb) {
  const char *fn = "maxPoolGrad";
  static const char *names[12] = { "batch", "inHeight", "inWidth", "channels", "outHeight", "outWidth", "filterHeight", "filterWidth",
                                   "strideHeight", "strideWidth", "padTop", "padLeft" };
  napi_value argv[16];
  heap_t h;
  int64_t xo, dyo, dxo, v[12];
  if (!get_args(env, cb, 16, argv, fn) || !get_heap(env, argv[0], &h, fn) || !get_i64(env, argv[1], &xo, fn, "x") ||
      !get_i64(env, argv[2], &dyo, fn, "dy") || !get_i64(env, argv[3], &dxo, fn, "dx")) return NULL;
  for (int i = 0; i < 12; i++) {
    if (!get_i64(env, argv[4 + i], &v[i], fn, names[i])) return NULL;
    if (v[i] < 0 || v[i] > (1LL << 30) || (i < 10 && i != 4 && i != 5 && v[i] == 0)) { throw_error(env, "deeper addon maxPoolGrad: a dimension is out of range"); return NULL; }
  }
  pool_geom_t g = { v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11] };
  const double nin = (double)g.batch * g.in_h * g.in_w * g.channels, nout = (double)g.batch * g.out_h * g.out_w * g.channels;
  const float *x = tensor_at(env, &h, xo, nin, fn, "x");
  const float *dy = x ? tensor_at(env, &h, dyo, nout, fn, "dy") : NULL;
  float *dx = dy ? tensor_at(env, &h, dxo, nin, fn, "dx") : NULL;
  if (!dx || !disjoint(env, dx, nin, x, nin, fn, "x") || !disjoint(env, dx, nin, dy, nout, fn, "dy")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(op_max_pool_grad(&g, x, dy, dx, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* maxPool(heap, x, y, batch, inH, inW, channels, outH, outW, kH, kW, strideH, strideW, padTop, padLeft) */
static napi_value js_max_pool(napi_env env, napi_callback_info cb) {
  const char *fn = "maxPool";
  napi_value argv[15];
  heap_t h;
  int64_t xo, yo, v[12];
  if (!get_args(env, cb, 15, argv, fn) || !get_heap(env, argv[0], &h, fn) || !get_i64(env, argv[1], &xo, fn, "x") ||
      !get_i64(env, argv[2], &yo, fn, "y")) return NULL;
  for (int i = 0; i < 12; i++) {
    if (!get_i64(env, argv[3 + i], &v[i], fn, "a dimension")) return NULL;
    if (v[i] < 0 || v[i] > (1LL << 30) || (i < 10 && i != 4 && i != 5 && v[i] == 0)) { throw_error(env, "deeper addon maxPool: a dimension is out of range"); return NULL; }
  }
  pool_geom_t g = { v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11] };
  const double nin = (double)g.batch * g.in_h * g.in_w * g.channels, nout = (double)g.batch * g.out_h * g.out_w * g.channels;
  const float *x = tensor_at(env, &h, xo, nin, fn, "x");
  float *y = x ? tensor_at(env, &h, yo, nout, fn, "y") : NULL;
  if (!y || !disjoint(env, y, nout, x, nin, fn, "x")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(op_max_pool(&g, x, y, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* activation(heap, x, y, n, act, alpha): act 1 ReLU, 3 leaky ReLU with slope alpha. */
static napi_value js_activation(napi_env env, napi_callback_info cb) {
  const char *fn = "activation";
  napi_value argv[6];
  heap_t h;
  int64_t xo, yo, n, act;
  double alpha;
  if (!get_args(env, cb, 6, argv, fn) || !get_heap(env, argv[0], &h, fn) || !get_i64(env, argv[1], &xo, fn, "x") ||
      !get_i64(env, argv[2], &yo, fn, "y") || !get_i64(env, argv[3], &n, fn, "n") || !get_i64(env, argv[4], &act, fn, "act")) return NULL;
  CALL(env, napi_get_value_double(env, argv[5], &alpha));
  if (n < 0 || n > (1LL << 40) || (act != ACT_RELU && act != ACT_LEAKY)) { throw_error(env, "deeper addon activation: n out of range or act not 1 (relu) or 3 (leaky relu)"); return NULL; }
  const float *x = tensor_at(env, &h, xo, (double)n, fn, "x");
  float *y = x ? tensor_at(env, &h, yo, (double)n, fn, "y") : NULL;
  if (!y || !disjoint(env, y, (double)n, x, (double)n, fn, "x")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(op_activation(x, y, n, (int)act, (float)alpha, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* Reads `count` numbers from argv into out (as doubles). */
static int get_doubles(napi_env env, napi_value *argv, int count, double *out, const char *fn) {
  for (int i = 0; i < count; i++) {
    if (napi_get_value_double(env, argv[i], &out[i]) != napi_ok) {
      char msg[256];
      snprintf(msg, sizeof msg, "deeper addon %s: argument %d must be a number", fn, i);
      throw_error(env, msg);
      return 0;
    }
  }
  return 1;
}

/* Variable, gradient and up to three slots of n floats each, every one inside the heap and none overlapping another. */
static int step_tensors(napi_env env, const heap_t *h, const int64_t *offsets, int count, int64_t n, float **out, const char *fn) {
  static const char *names[5] = { "theta", "grad", "slot 1", "slot 2", "slot 3" };
  for (int i = 0; i < count; i++) {
    out[i] = NULL;
    if (offsets[i] < 0) continue;
    out[i] = tensor_at(env, h, offsets[i], (double)n, fn, names[i]);
    if (!out[i]) return 0;
    for (int k = 0; k < i; k++) if (!disjoint(env, out[i], (double)n, out[k], out[k] ? (double)n : 0, fn, names[k])) return 0;
  }
  return 1;
}

/* rmspropStep(heap, theta, grad, sq, ga (-1: none), mb (-1: none), n, lr, alpha, 1 − alpha, eps, mu, wd, decay, centered, momentum): in place */
static napi_value js_rmsprop_step(napi_env env, napi_callback_info cb) {
  const char *fn = "rmspropStep";
  napi_value argv[16];
  heap_t h;
  int64_t o[5], n;
  double v[9];
  if (!get_args(env, cb, 16, argv, fn) || !get_heap(env, argv[0], &h, fn)) return NULL;
  for (int i = 0; i < 5; i++) if (!get_i64(env, argv[1 + i], &o[i], fn, "offset")) return NULL;
  if (!get_i64(env, argv[6], &n, fn, "n") || !get_doubles(env, argv + 7, 9, v, fn)) return NULL;
  const int centered = v[7] != 0, momentum = v[8] != 0;
  if (n < 0 || n > (1LL << 40) || o[0] < 0 || o[1] < 0 || o[2] < 0 || (centered && o[3] < 0) || (momentum && o[4] < 0)) {
    throw_error(env, "deeper addon rmspropStep: n out of range, or a tensor the update needs is missing");
    return NULL;
  }
  float *t[5];
  if (!step_tensors(env, &h, o, 5, n, t, fn)) return NULL;
  const rmsprop_params_t p = { (float)v[0], (float)v[1], (float)v[2], (float)v[3], (float)v[4], (float)v[5], v[6] != 0, centered, momentum };
  char err[ERRLEN];
  if (!LOCKED(op_rmsprop_step(t[0], t[1], t[2], t[3], t[4], n, &p, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* adamStep(heap, theta, grad, m, v, n, lr, b1, 1 − b1, b2, 1 − b2, 1 − b1ᵗ, 1 − b2ᵗ, eps, wd, decay): in place */
static napi_value js_adam_step(napi_env env, napi_callback_info cb) {
  const char *fn = "adamStep";
  napi_value argv[16];
  heap_t h;
  int64_t o[4], n;
  double v[10];
  if (!get_args(env, cb, 16, argv, fn) || !get_heap(env, argv[0], &h, fn)) return NULL;
  for (int i = 0; i < 4; i++) if (!get_i64(env, argv[1 + i], &o[i], fn, "offset")) return NULL;
  if (!get_i64(env, argv[5], &n, fn, "n") || !get_doubles(env, argv + 6, 10, v, fn)) return NULL;
  if (n < 0 || n > (1LL << 40) || o[0] < 0 || o[1] < 0 || o[2] < 0 || o[3] < 0) {
    throw_error(env, "deeper addon adamStep: n out of range, or a tensor is missing");
    return NULL;
  }
  float *t[4];
  if (!step_tensors(env, &h, o, 4, n, t, fn)) return NULL;
  const adam_params_t p = { (float)v[0], (float)v[1], (float)v[2], (float)v[3], (float)v[4], (float)v[5], (float)v[6], (float)v[7], (float)v[8], v[9] != 0 };
  char err[ERRLEN];
  if (!LOCKED(op_adam_step(t[0], t[1], t[2], t[3], n, &p, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

static napi_value js_configure(napi_env env, napi_callback_info cb) {
  napi_value argv[2];
  int64_t threads, ms;
  if (!get_args(env, cb, 2, argv, "configure") || !get_i64(env, argv[0], &threads, "configure", "threads") ||
      !get_i64(env, argv[1], &ms, "configure", "waitLimitMs")) return NULL;
  char err[ERRLEN];
  if (!LOCKED(pool_configure((int)threads, (long)ms, err, sizeof err))) { throw_error(env, err); return NULL; }
  return undefined(env);
}

/* setPath('portable' | 'avx2' | 'avx512') → whether this CPU runs it (and it is now used) */
static napi_value js_set_path(napi_env env, napi_callback_info cb) {
  napi_value argv[1], result;
  char name[32] = { 0 };
  size_t len;
  if (!get_args(env, cb, 1, argv, "setPath")) return NULL;
  CALL(env, napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len));
  gemm_path_t path;
  if (!strcmp(name, "avx512")) path = PATH_AVX512;
  else if (!strcmp(name, "avx2")) path = PATH_AVX2;
  else if (!strcmp(name, "portable")) path = PATH_PORTABLE;
  else { throw_error(env, "deeper addon setPath: path must be 'portable', 'avx2' or 'avx512'"); return NULL; }
  CALL(env, napi_get_boolean(env, gemm_set_path(path), &result));
  return result;
}

static napi_value js_info(napi_env env, napi_callback_info cb) {
  (void)cb;
  napi_value obj, v;
  CALL(env, napi_create_object(env, &obj));
  CALL(env, napi_create_string_utf8(env, gemm_path_name(gemm_get_path()), NAPI_AUTO_LENGTH, &v));
  CALL(env, napi_set_named_property(env, obj, "path", v));
  CALL(env, napi_create_string_utf8(env, gemm_path_name(gemm_best_path()), NAPI_AUTO_LENGTH, &v));
  CALL(env, napi_set_named_property(env, obj, "bestPath", v));
  CALL(env, napi_create_int32(env, pool_threads(), &v));
  CALL(env, napi_set_named_property(env, obj, "threads", v));
  CALL(env, napi_create_int32(env, NAPI_VERSION, &v));
  CALL(env, napi_set_named_property(env, obj, "napiVersion", v));
  CALL(env, napi_create_int32(env, 7, &v)); /* bumped when the JS-facing functions change */
  CALL(env, napi_set_named_property(env, obj, "abi", v));
  return obj;
}

typedef struct { double seconds, flops[POOL_MAX_THREADS], elapsed[POOL_MAX_THREADS]; } peak_job_t;
static void peak_job(void *p, int tid, int n) {
  (void)n;
  peak_job_t *j = p;
  j->flops[tid] = fma_flops_loop(j->seconds, &j->elapsed[tid]);
}

/* fmaPeak(seconds) → FLOP/s of independent FMAs on every pool thread at once, on the current path */
static napi_value js_fma_peak(napi_env env, napi_callback_info cb) {
  napi_value argv[1], result;
  peak_job_t j;
  memset(&j, 0, sizeof j);
  if (!get_args(env, cb, 1, argv, "fmaPeak")) return NULL;
  CALL(env, napi_get_value_double(env, argv[0], &j.seconds));
  char err[ERRLEN];
  const int n = pool_threads();
  if (!LOCKED(pool_run(peak_job, &j, n, "fmaPeak", err, sizeof err))) { throw_error(env, err); return NULL; }
  double rate = 0;
  for (int t = 0; t < n; t++) rate += j.flops[t] / j.elapsed[t];
  CALL(env, napi_create_double(env, rate, &result));
  return result;
}

/* setIndirect(on): the indirect convolution (default) or im2col + GEMM, for measuring one against the other */
static napi_value js_set_indirect(napi_env env, napi_callback_info cb) {
  napi_value argv[1];
  bool on;
  if (!get_args(env, cb, 1, argv, "setIndirect")) return NULL;
  CALL(env, napi_get_value_bool(env, argv[0], &on));
  ops_set_indirect(on);
  return undefined(env);
}

/* delayWorker(thread, ms): a test hook that makes one pool thread late for its next job */
static napi_value js_delay_worker(napi_env env, napi_callback_info cb) {
  napi_value argv[2];
  int64_t tid, ms;
  if (!get_args(env, cb, 2, argv, "delayWorker") || !get_i64(env, argv[0], &tid, "delayWorker", "thread") ||
      !get_i64(env, argv[1], &ms, "delayWorker", "ms")) return NULL;
  pool_delay_worker((int)tid, (long)ms);
  return undefined(env);
}

static void cleanup(void *arg) {
  (void)arg;
  pool_shutdown();
}

static napi_value init(napi_env env, napi_value exports) {
  static int first = 1;
  if (first) {
    gemm_set_path(gemm_best_path());
    first = 0;
  }
  napi_property_descriptor props[] = {
    { "conv2d", NULL, js_conv2d, NULL, NULL, NULL, napi_default, NULL },
    { "conv2dBackpropInput", NULL, js_conv2d_backprop_input, NULL, NULL, NULL, napi_default, NULL },
    { "conv2dBackpropFilter", NULL, js_conv2d_backprop_filter, NULL, NULL, NULL, napi_default, NULL },
    { "matMul", NULL, js_matmul, NULL, NULL, NULL, napi_default, NULL },
    { "reluGrad", NULL, js_relu_grad, NULL, NULL, NULL, napi_default, NULL },
    { "channelAffine", NULL, js_channel_affine, NULL, NULL, NULL, napi_default, NULL },
    { "maxPoolGrad", NULL, js_max_pool_grad, NULL, NULL, NULL, napi_default, NULL },
    { "maxPool", NULL, js_max_pool, NULL, NULL, NULL, napi_default, NULL },
    { "activation", NULL, js_activation, NULL, NULL, NULL, napi_default, NULL },
    { "rmspropStep", NULL, js_rmsprop_step, NULL, NULL, NULL, napi_default, NULL },
    { "adamStep", NULL, js_adam_step, NULL, NULL, NULL, napi_default, NULL },
    { "configure", NULL, js_configure, NULL, NULL, NULL, napi_default, NULL },
    { "setPath", NULL, js_set_path, NULL, NULL, NULL, napi_default, NULL },
    { "info", NULL, js_info, NULL, NULL, NULL, napi_default, NULL },
    { "fmaPeak", NULL, js_fma_peak, NULL, NULL, NULL, napi_default, NULL },
    { "delayWorker", NULL, js_delay_worker, NULL, NULL, NULL, napi_default, NULL },
    { "setIndirect", NULL, js_set_indirect, NULL, NULL, NULL, napi_default, NULL },
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  napi_add_env_cleanup_hook(env, cleanup, NULL);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
