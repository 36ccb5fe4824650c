#!/bin/bash
# Packs the `deeper` command for an offline machine that has a GPU but no npm registry and no Node.js
# (the workplace's device machines): one folder, under 64 MiB, that the device tool carries there.
#
#   bash experiments/device/bundle.sh [DIR]        # default DIR: .dev (git-ignored via .git/info/exclude)
#
# DIR holds: app/deeper.mjs.xz (the CLI bundled by esbuild, tsx's own dependency: tfjs, the wasm and
# WebGPU backends, rxjs, commander, pngjs), node.xz (this machine's Node binary), the Linux x64 Dawn
# of the npm `webgpu` package, Fashion-MNIST's training split (from Debian's dataset-fashion-mnist),
# and the scripts beside this one. There, `bash DIR/webgpu-gan.sh` unpacks them and trains.
set -euo pipefail
dir=${1:-.dev}
root=$(git rev-parse --show-toplevel)
cd "$root"
esbuild=$(node -e "console.log(require.resolve('esbuild/bin/esbuild', { paths: [require.resolve('tsx')] }))")
webgpu=$(dirname "$(node -e "console.log(require.resolve('webgpu/package.json', { paths: ['packages/core'] }))")")
data=/usr/share/datasets/fashion-mnist
[ -f "$data/train-images-idx3-ubyte.gz" ] || { echo "bundle.sh: needs Fashion-MNIST in $data (apt-get install dataset-fashion-mnist)"; exit 1; }
grep -qx "/$dir/" .git/info/exclude 2>/dev/null || { mkdir -p .git/info; echo "/$dir/" >> .git/info/exclude; }
rm -rf "$dir"; mkdir -p "$dir/app" "$dir/data" "$dir/node_modules/webgpu/dist/linux-x64"
# tfjs-node(-gpu) stay external: optional, and absent there. `webgpu` stays external: it loads its .node file by path.
"$esbuild" experiments/src/main.ts --bundle --platform=node --format=esm --target=node20 --outfile="$dir/app/deeper.mjs" \
  --external:webgpu --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
xz -T0 -6 "$dir/app/deeper.mjs"
# The bundle's require('../package.json') (the Node version check of @deeper/core and @deeper/envs) reads this.
echo '{ "name": "@deeper/device-bundle", "private": true, "type": "module", "engines": { "node": ">=20" } }' > "$dir/package.json"
cp "$webgpu/index.js" "$webgpu/package.json" "$dir/node_modules/webgpu/"
xz -T0 -6 -c "$webgpu/dist/linux-x64/dawn.node" > "$dir/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
xz -T0 -9 -c "$(command -v node)" > "$dir/node.xz"
zcat "$data/train-images-idx3-ubyte.gz" | xz -T0 -9 > "$dir/data/train-images-idx3-ubyte.xz"
cp "$data/train-labels-idx1-ubyte.gz" "$dir/data/"
cp experiments/device/webgpu-gan.sh experiments/device/webgpu-adapter.mjs "$dir/"
du -sh "$dir"
