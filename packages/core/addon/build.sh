#!/bin/sh
# Builds deeper's Node-API addon (packages/core/addon) with the machine's C compiler.
#
#   build.sh [output.node]      default: prebuilt/<platform>-<arch>/deeper-addon.node
#
# Headers: $NODE_API_HEADERS if set, else Node's own (<node prefix>/include/node, which
# Node ships, or /usr/include/node from Debian's nodejs); nothing is downloaded. The code
# is built for the baseline ISA; the AVX2+FMA and AVX-512 micro-kernels carry their own
# target attributes and run only where the CPU reports them, so the binary never executes
# an instruction the CPU lacks.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
platform=$(node -p 'process.platform + "-" + process.arch')
out=${1:-"$here/prebuilt/$platform/deeper-addon.node"}
cc=${CC:-cc}
headers=${NODE_API_HEADERS:-}
if [ -z "$headers" ]; then
  prefix=$(dirname "$(dirname "$(command -v node)")")
  for dir in "$prefix/include/node" /usr/include/node /usr/local/include/node; do
    if [ -f "$dir/node_api.h" ]; then headers=$dir; break; fi
  done
fi
if [ -z "$headers" ] || [ ! -f "$headers/node_api.h" ]; then
  echo "build.sh: no node_api.h found (set NODE_API_HEADERS to a folder holding it)" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
flags="-O3 -std=gnu11 -fPIC -fvisibility=hidden -fno-strict-aliasing -Wall -Wextra -Wno-unused-parameter -DNODE_GYP_MODULE_NAME=deeper_addon"
# The optimizer updates must round as the wasm pass does (no contraction into FMAs) and need
# sqrtf without errno to vectorize: their own flags, their own object.
$cc $flags -ffp-contract=off -fno-math-errno -I"$headers" -c "$here/src/optimizer.c" -o "$tmp.optimizer.o"
$cc $flags -shared -I"$headers" \
  "$here/src/addon.c" "$here/src/elementwise.c" "$here/src/gemm.c" "$here/src/ops.c" "$here/src/pool.c" "$tmp.optimizer.o" \
  -o "$tmp" -lpthread
rm -f "$tmp.optimizer.o"
mv "$tmp" "$out"
echo "$out"
