/**
 * A heap sanitizer for the wasm backend, to catch a write that lands outside the tensor it
 * belongs to (issue 13's hunt for the hang's cause: a count in shared memory that no code
 * of its own could leave non-zero).
 *
 * Every tensor buffer lives on the wasm heap, allocated from JavaScript through the
 * module's `_malloc` and freed through its `_free` (tfjs-backend-wasm's `move` and
 * `disposeData`). Both are wrapped, as AddressSanitizer does for C:
 * - each buffer gets a red zone before and after it, filled with a poison word;
 * - a freed buffer is not handed back to the allocator at once: it is filled with poison
 *   and kept in a quarantine of bounded size, so that a late write through a stale pointer
 *   lands on poison instead of on the next tensor placed there;
 * - after every outermost kernel (the engine's `runKernel` is wrapped), every live buffer's
 *   red zones and a sample of the words of the buffers freed last are checked; a buffer
 *   leaving quarantine is checked whole.
 * The first damage found stops the run with a `HeapCorruptionError` naming the kernel that
 * had just run, the buffer's size and the kernels that allocated and freed it, and the
 * first damaged word.
 *
 * It costs memory (the quarantine) and time (the checks), so it is off unless asked for:
 * `DEEPER_HEAP_CHECK=1` turns it on in `selectBackend`, e.g. for `deeper stress`. Buffers
 * that C++ code allocates for itself (XNNPACK's packed weights, scratch) are not covered.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ConfigError, HeapCorruptionError } from '../errors';
import { backendMemory } from './wasm-kernels/native-kernels';

/** Settings of the heap check. */
export interface HeapCheckConfig {
  /** Bytes of poison before and after each buffer; default 64 (a multiple of 16 keeps the buffers' alignment). */
  redzoneBytes: number;
  /** Bytes of freed buffers kept in quarantine; default 256 MiB (tens of training steps of the textbook CNN). */
  quarantineBytes: number;
  /** Buffers kept in quarantine at most, whatever their size; default 8192 (small tensors are many). */
  quarantineBuffers: number;
  /** After each kernel, the most recently freed buffers checked (sampled); default 512: a late write most often hits a buffer freed moments before, and every buffer is checked whole when it leaves quarantine. */
  recentBuffers: number;
  /** In that check, the first 64 bytes of each buffer and one word in every `sampleStride` after them; default 4096 (16 KB: a dense stray write covers many). */
  sampleStride: number;
}

/** Defaults, each chosen as its doc comment says. */
export const heapCheckDefaults: HeapCheckConfig = { redzoneBytes: 64, quarantineBytes: 256 * 2 ** 20, quarantineBuffers: 8192, recentBuffers: 512, sampleStride: 4096 };

/** Bytes at the start of a quarantined buffer that every sampled check reads whole. */
const headBytes = 64;

/** The poison word: a signalling NaN with a payload that no kernel computes. */
export const poisonWord = 0x7fa1dead;

interface Block {
  /** Byte offset of the buffer as tfjs sees it (after the leading red zone). */
  offset: number;
  /** Bytes the buffer holds. */
  size: number;
  allocatedBy: string;
  freedBy?: string;
}

/** What the heap check has seen so far (for tests and reports). */
export interface HeapCheckStats {
  allocations: number;
  frees: number;
  kernelsChecked: number;
  live: number;
  quarantined: number;
  quarantinedBytes: number;
}

interface WasmModule {
  _malloc(bytes: number): number;
  _free(offset: number): void;
}

/** The running heap check of one backend. */
export class HeapCheck {
  private readonly live = new Map<number, Block>();
  private readonly quarantine: Block[] = [];
  private quarantinedBytes = 0;
  private kernel = '(between kernels)';
  private depth = 0;
  private allocations = 0;
  private frees = 0;
  private kernelsChecked = 0;
  private on = true;
  private bytes: Uint8Array;
  private words: Uint32Array;
  private readonly malloc: (bytes: number) => number;
  private readonly free: (offset: number) => void;
  private readonly wrappedMalloc: (bytes: number) => number;
  private readonly wrappedFree: (offset: number) => void;

  constructor(private readonly module: WasmModule, private readonly heapBuffer: () => ArrayBufferLike, readonly config: HeapCheckConfig) {
    // Emscripten's exports start as trampolines that replace `Module._malloc` and
    // `Module._free` with the raw exports on their first call, which would drop a wrapper
    // installed before it: one call of each first, then wrap what is there.
    module._free(module._malloc(16));
    this.malloc = module._malloc.bind(module);
    this.free = module._free.bind(module);
    this.bytes = new Uint8Array(0);
    this.words = new Uint32Array(0);
    this.wrappedMalloc = (bytes: number) => this.allocate(bytes);
    this.wrappedFree = (offset: number) => this.release(offset);
    module._malloc = this.wrappedMalloc;
    module._free = this.wrappedFree;
  }

  /** Whether it still checks (until `uninstall`). */
  get checking(): boolean {
    return this.on;
  }

  /**
   * Stops checking: quarantined buffers are freed, new buffers come from the allocator as
   * they are, and the module's own functions come back once the last buffer allocated with
   * red zones is freed (until then `_free` must still find their real start).
   */
  uninstall(): void {
    this.on = false;
    for (const block of this.quarantine) this.free(block.offset - this.config.redzoneBytes);
    this.quarantine.length = 0;
    this.quarantinedBytes = 0;
    this.restoreWhenDone();
  }

  /** Whether this check's wrappers are out of the module's `_malloc` and `_free`. */
  get restored(): boolean {
    return this.module._malloc !== this.wrappedMalloc && this.module._free !== this.wrappedFree;
  }

  private restoreWhenDone(): void {
    if (this.on || this.live.size > 0) return;
    // A newer check may have wrapped these wrappers: it then calls them, and they pass through.
    if (this.module._malloc === this.wrappedMalloc) this.module._malloc = this.malloc;
    if (this.module._free === this.wrappedFree) this.module._free = this.free;
  }

  stats(): HeapCheckStats {
    return {
      allocations: this.allocations, frees: this.frees, kernelsChecked: this.kernelsChecked,
      live: this.live.size, quarantined: this.quarantine.length, quarantinedBytes: this.quarantinedBytes,
    };
  }

  /** Runs `body` as kernel `name`: notes the name for attribution and checks the heap after the outermost one. */
  runKernel<T>(name: string, body: () => T): T {
    if (this.depth === 0) this.kernel = name;
    this.depth++;
    try {
      return body();
    } finally {
      this.depth--;
      if (this.depth === 0 && this.on) {
        this.checkAll(`kernel ${name}`);
        this.kernelsChecked++;
        this.kernel = '(between kernels)';
      }
    }
  }

  /** Checks every live buffer's red zones and a sample of every quarantined buffer; throws on damage. */
  checkAll(lastRan: string): void {
    this.view();
    for (const block of this.live.values()) this.checkRedzones(block, lastRan);
    const { sampleStride, recentBuffers } = this.config;
    for (let i = Math.max(0, this.quarantine.length - recentBuffers); i < this.quarantine.length; i++) {
      this.checkPoison(this.quarantine[i], lastRan, sampleStride);
    }
  }

  private allocate(size: number): number {
    if (!this.on) return this.malloc(size);
    const r = this.config.redzoneBytes;
    const base = this.malloc(size + 2 * r) >>> 0;
    if (base === 0) return 0;
    const block: Block = { offset: base + r, size, allocatedBy: this.kernel };
    this.view();
    this.fill(base, r);
    this.fill(block.offset + size, r);
    this.live.set(block.offset, block);
    this.allocations++;
    return block.offset;
  }

  private release(offset: number): void {
    const block = this.live.get(offset);
    if (!block) {
      this.free(offset);
      return;
    }
    this.frees++;
    this.live.delete(offset);
    if (!this.on) {
      this.free(offset - this.config.redzoneBytes);
      this.restoreWhenDone();
      return;
    }
    this.view();
    this.checkRedzones(block, `the free of this buffer during ${this.kernel}`);
    block.freedBy = this.kernel;
    this.fill(block.offset, block.size);
    this.quarantine.push(block);
    this.quarantinedBytes += block.size + 2 * this.config.redzoneBytes;
    while ((this.quarantinedBytes > this.config.quarantineBytes || this.quarantine.length > this.config.quarantineBuffers) && this.quarantine.length > 0) {
      const old = this.quarantine.shift() as Block;
      this.checkRedzones(old, `kernels since its free (found when it left quarantine during ${this.kernel})`);
      this.checkPoison(old, `kernels since its free (found when it left quarantine during ${this.kernel})`, 1);
      this.quarantinedBytes -= old.size + 2 * this.config.redzoneBytes;
      this.free(old.offset - this.config.redzoneBytes);
    }
  }

  /** Views over the current heap (it may have grown, which gives a new buffer). */
  private view(): void {
    const buffer = this.heapBuffer();
    if (buffer !== this.bytes.buffer || buffer.byteLength !== this.bytes.byteLength) {
      this.bytes = new Uint8Array(buffer);
      this.words = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
    }
  }

  /** Fills [from, from + length) with the poison word, byte by byte at unaligned ends. */
  private fill(from: number, length: number): void {
    const end = from + length;
    let i = from;
    for (; i < end && (i & 3) !== 0; i++) this.bytes[i] = poisonByte(i);
    const wordEnd = end & ~3;
    if (wordEnd > i) this.words.fill(poisonWord, i >>> 2, wordEnd >>> 2);
    for (i = Math.max(i, wordEnd); i < end; i++) this.bytes[i] = poisonByte(i);
  }

  /** The first byte in [from, from + length) that is not poison, or −1; every `step`-th word where aligned. */
  private firstDamage(from: number, length: number, step: number): number {
    const end = from + length;
    let i = from;
    for (; i < end && (i & 3) !== 0; i++) if (this.bytes[i] !== poisonByte(i)) return i;
    const wordEnd = end & ~3;
    const lastWord = (wordEnd >>> 2) - 1;
    for (let w = i >>> 2; w < wordEnd >>> 2; w += step) if (this.words[w] !== poisonWord) return w << 2;
    if (lastWord >= i >>> 2 && this.words[lastWord] !== poisonWord) return lastWord << 2;
    for (i = Math.max(i, wordEnd); i < end; i++) if (this.bytes[i] !== poisonByte(i)) return i;
    return -1;
  }

  private checkRedzones(block: Block, lastRan: string): void {
    const r = this.config.redzoneBytes;
    const before = this.firstDamage(block.offset - r, r, 1);
    if (before >= 0) this.report(block, lastRan, `${block.offset - before} bytes before its start`, before);
    const after = this.firstDamage(block.offset + block.size, r, 1);
    if (after >= 0) this.report(block, lastRan, `${after - block.offset - block.size} bytes past its end`, after);
  }

  private checkPoison(block: Block, lastRan: string, step: number): void {
    // The first words whole (a kernel writing through a stale pointer starts there), then sampled.
    const head = this.firstDamage(block.offset, Math.min(block.size, headBytes), 1);
    const at = head >= 0 ? head : this.firstDamage(block.offset, block.size, step);
    if (at >= 0) this.report(block, lastRan, `at byte ${at - block.offset} of it, after it was freed`, at);
  }

  private report(block: Block, lastRan: string, where: string, at: number): never {
    const word = this.words[at >>> 2] ?? 0;
    throw new HeapCorruptionError(
      lastRan,
      `a ${block.size}-byte tensor buffer at heap offset ${block.offset} (allocated during ${block.allocatedBy}` +
        `${block.freedBy ? `, freed during ${block.freedBy}` : ', still live'})`,
      where,
      `0x${word.toString(16).padStart(8, '0')}`,
    );
  }
}

/** The poison byte at heap offset `i` (little-endian bytes of the poison word). */
function poisonByte(i: number): number {
  return (poisonWord >>> (8 * (i & 3))) & 0xff;
}

const checks = new WeakMap<BackendWasm, HeapCheck>();
let active: HeapCheck | null = null;
let wrapped = false;

/**
 * Starts the heap check on `backend` (a wasm backend): wraps its allocator and the
 * engine's kernel dispatch. Buffers allocated before this are not covered.
 */
export function enableHeapCheck(backend: BackendWasm, config: Partial<HeapCheckConfig> = {}): HeapCheck {
  const resolved = { ...heapCheckDefaults, ...config };
  if (!(Number.isInteger(resolved.redzoneBytes) && resolved.redzoneBytes >= 16 && resolved.redzoneBytes % 16 === 0)) {
    throw new ConfigError('enableHeapCheck', 'redzoneBytes', 'a multiple of 16, at least 16', resolved.redzoneBytes);
  }
  if (!(Number.isFinite(resolved.quarantineBytes) && resolved.quarantineBytes >= 0)) {
    throw new ConfigError('enableHeapCheck', 'quarantineBytes', 'a number of bytes ≥ 0', resolved.quarantineBytes);
  }
  for (const field of ['quarantineBuffers', 'recentBuffers'] as const) {
    if (!(Number.isInteger(resolved[field]) && resolved[field] >= 0)) throw new ConfigError('enableHeapCheck', field, 'an integer ≥ 0', resolved[field]);
  }
  if (!(Number.isInteger(resolved.sampleStride) && resolved.sampleStride >= 1)) {
    throw new ConfigError('enableHeapCheck', 'sampleStride', 'an integer ≥ 1', resolved.sampleStride);
  }
  const existing = checks.get(backend);
  if (existing?.checking) return existing;
  const check = new HeapCheck(backend.wasm as unknown as WasmModule, () => backendMemory(backend).buffer, resolved);
  checks.set(backend, check);
  active = check;
  if (!wrapped) {
    wrapped = true;
    const engine = tf.engine() as unknown as { runKernel: (name: string, inputs: unknown, attrs?: unknown) => unknown };
    const runKernel = engine.runKernel.bind(engine);
    engine.runKernel = (name, inputs, attrs) => (active ? active.runKernel(name, () => runKernel(name, inputs, attrs)) : runKernel(name, inputs, attrs));
  }
  return check;
}

/** Stops the heap check of `backend`, if one runs (releaseBackend calls it). */
export function disableHeapCheck(backend?: BackendWasm): void {
  if (!active) return;
  if (backend && checks.get(backend) !== active) return;
  active.uninstall();
  active = null;
}

/** Whether `DEEPER_HEAP_CHECK` asks for the heap check ("1" or "true"). */
export function heapCheckRequested(): boolean {
  const text = process.env.DEEPER_HEAP_CHECK;
  if (text === undefined || text === '' || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new ConfigError('the wasm backend', 'DEEPER_HEAP_CHECK', '1 or true to check the heap, 0, false or unset not to', text);
}
