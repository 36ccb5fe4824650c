/**
 * What the tests of our hand-built WebAssembly modules (kernels, optimizer steps) check about
 * a module file: its imports, whether it carries a data section, and its exported functions.
 */
import { readFileSync } from 'node:fs';

/** The WebAssembly JS API calls used here (TypeScript declares them only in its DOM libraries). */
const WebAssembly = (globalThis as unknown as { WebAssembly: {
  Module: { new (bytes: Uint8Array): object; imports(m: object): unknown[]; exports(m: object): { name: string; kind: string }[] };
} }).WebAssembly;

/** The ids of a module's sections, read from its binary (after the 8-byte header, each section is an id and a LEB128 size). */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < bytes.length) {
    ids.push(bytes[at++]);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      size |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    at += size;
  }
  return ids;
}

export interface WasmModuleShape {
  imports: unknown[];
  /** Whether the module has a data section (id 11): data it would write into the heap it is given. */
  hasDataSection: boolean;
  /** Exported function names, sorted. */
  functions: string[];
}

export function wasmModuleShape(file: URL): WasmModuleShape {
  const bytes = readFileSync(file);
  const module = new WebAssembly.Module(bytes);
  return {
    imports: WebAssembly.Module.imports(module),
    hasDataSection: sectionIds(bytes).includes(11),
    functions: WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name).sort(),
  };
}
