#!/usr/bin/env bash
# Builds optimizer-steps.c into the two modules fused-optimizer-step.ts loads:
# optimizer-steps.wasm imports an unshared memory (tfjs's single-threaded wasm build),
# optimizer-steps-shared.wasm a shared one (its threaded build). The flags are
# native/build.sh's, plus -ffp-contract=off (no fused multiply-adds: the values must be the
# composed update's). Needs clang >= 14 with the wasm32 target and wasm-ld (Debian:
# apt-get install clang lld). The outputs are committed, so using deeper never needs clang.
set -euo pipefail
cd "$(dirname "$0")"
flags=(--target=wasm32 -O3 -msimd128 -ffp-contract=off -nostdlib -fno-builtin -ffreestanding -Wall -Wextra -Werror)
# A zero-size stack at address 0: any stack access would trap (see optimizer-steps.c).
link=(-Wl,--no-entry -Wl,--import-memory -Wl,-z,stack-size=0 -Wl,--global-base=0 -Wl,--max-memory=4294967296 -Wl,--strip-all)
clang "${flags[@]}" "${link[@]}" -o optimizer-steps.wasm optimizer-steps.c
clang "${flags[@]}" -matomics -mbulk-memory "${link[@]}" -Wl,--shared-memory -o optimizer-steps-shared.wasm optimizer-steps.c
for f in optimizer-steps.wasm optimizer-steps-shared.wasm; do
  if llvm-objdump-14 -d "$f" 2>/dev/null | grep -q "global\.\(get\|set\)"; then
    echo "$f: a function uses the stack (global 0), which optimizer-steps.c must not" >&2
    exit 1
  fi
done
ls -l optimizer-steps.wasm optimizer-steps-shared.wasm
