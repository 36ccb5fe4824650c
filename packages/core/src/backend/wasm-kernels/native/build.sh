#!/usr/bin/env bash
# Builds kernels.c into the two modules deeper loads: kernels.wasm imports an unshared memory
# (tfjs's single-threaded wasm build), kernels-shared.wasm a shared one (its threaded build).
# Needs clang ≥ 14 with the wasm32 target and wasm-ld (Debian: apt-get install clang lld).
# The outputs are committed, so installing and testing deeper never needs clang.
set -euo pipefail
cd "$(dirname "$0")"
flags=(--target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -fno-builtin -ffreestanding -Wall -Wextra -Werror)
# A zero-size stack at address 0: any stack access would trap (see kernels.c).
link=(-Wl,--no-entry -Wl,--import-memory -Wl,-z,stack-size=0 -Wl,--global-base=0 -Wl,--max-memory=4294967296 -Wl,--strip-all)
clang "${flags[@]}" "${link[@]}" -o kernels.wasm kernels.c
clang "${flags[@]}" -matomics "${link[@]}" -Wl,--shared-memory -o kernels-shared.wasm kernels.c
for f in kernels.wasm kernels-shared.wasm; do
  if llvm-objdump-14 -d "$f" 2>/dev/null | grep -q "global\.\(get\|set\)"; then
    echo "$f: a function uses the stack (global 0), which kernels.c must not" >&2
    exit 1
  fi
done
ls -l kernels.wasm kernels-shared.wasm
