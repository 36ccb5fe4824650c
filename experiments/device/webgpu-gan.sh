#!/bin/bash
# Trains DCGANs on WebGPU (Dawn over Vulkan) on a GPU machine without Node.js or a registry, from the
# folder that bundle.sh packs, side by side (one Node process each: tfjs-webgpu is bound by its dispatches
# on one CPU thread), stops them with SIGTERM (each writes a checkpoint there), and leaves in $OUT one tar
# per run: config.json, metrics.jsonl.gz, the last sample grid and the average of G (generator-ema) of the
# last checkpoint and of up to two earlier ones (steps 27000, 18000, 13500, 9000, 4500, where present),
# which `deeper gan score --ema` reads. Its log goes to $OUT/log.txt.
#
#   OUT=/tmp/out STOP_AT=500 bash .dev/webgpu-gan.sh
#
# STOP_AT: seconds after the start at which the runs get SIGTERM (default 470). RUNS: space-separated
# name=options pairs, options joined by commas (default: the 2×2 of base filters 64/128 and batch 64/128
# below). GAN_OPTIONS: what every run shares. Where /.gl holds .deb files (the Vulkan loader), they are
# unpacked into / first. BACKEND (default webgpu): another backend skips the adapter check, to try the
# script on a machine without a GPU (with the bundle, only cpu loads: the wasm files stay behind).
set -u
here=$(cd "$(dirname "$0")" && pwd)
T0=$(date +%s); el() { echo $(( $(date +%s) - T0 )); }
: "${OUT:?OUT: the folder the results go to}"; mkdir -p "$OUT"
exec > >(tee -a "$OUT/log.txt") 2>&1
STOP_AT=${STOP_AT:-470}; BACKEND=${BACKEND:-webgpu}
RUNS=${RUNS:-"b64bs64=--base-filters,64,--batch-size,64 b128bs64=--base-filters,128,--batch-size,64 b64bs128=--base-filters,64,--batch-size,128 b128bs128=--base-filters,128,--batch-size,128"}
GAN_OPTIONS=${GAN_OPTIONS:-"--conditional --conditioning projection --epochs 200 --ema-decay 0.999 --sample-every 1500 --checkpoint-every 1500 --every 500"}
work=${WORK:-/tmp/deeper-device}; mkdir -p "$work/fm" "$work/runs"
if ls "$here"/../.gl/*.deb >/dev/null 2>&1; then for f in "$here"/../.gl/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
ldconfig -p | grep -q libvulkan.so.1 || echo "no Vulkan loader (libvulkan.so.1): WebGPU will find no adapter"
nvidia-smi -L 2>/dev/null
# The NVIDIA driver's Vulkan manifest, where the loader does not look by itself.
if ! ls /usr/share/vulkan/icd.d/nvidia* /etc/vulkan/icd.d/nvidia* >/dev/null 2>&1 && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
node=$work/node; xz -T0 -dc "$here/node.xz" > "$node" && chmod +x "$node"
xz -dc "$here/app/deeper.mjs.xz" > "$here/app/deeper.mjs"
xz -dc "$here/node_modules/webgpu/dist/linux-x64/dawn.node.xz" > "$here/node_modules/webgpu/dist/linux-x64/dawn.node"
xz -T0 -dc "$here/data/train-images-idx3-ubyte.xz" > "$work/fm/train-images-idx3-ubyte"; cp "$here/data/train-labels-idx1-ubyte.gz" "$work/fm/"
echo "node $("$node" --version); unpacked in $(el) s"
[ "$BACKEND" != webgpu ] || (cd "$here" && timeout 60 "$node" webgpu-adapter.mjs) || { echo "no WebGPU adapter: stopping"; exit 3; }
declare -A PIDS
for spec in $RUNS; do
  name=${spec%%=*}; opts=${spec#*=}
  # shellcheck disable=SC2086
  "$node" "$here/app/deeper.mjs" --backend "$BACKEND" gan train --dataset fashion-mnist --dir "$work/fm" $GAN_OPTIONS ${opts//,/ } --out "$work/runs/$name" > "$work/runs/$name.log" 2>&1 &
  PIDS[$name]=$!; echo "$name: ${opts//,/ }"
done
sleep 50
alive=0
for name in "${!PIDS[@]}"; do
  head -2 "$work/runs/$name.log"
  grep -q "backend: $BACKEND" "$work/runs/$name.log" && kill -0 "${PIDS[$name]}" 2>/dev/null && alive=1
done
if [ $alive = 0 ]; then echo "no run trains on $BACKEND: stopping"; kill -TERM "${PIDS[@]}" 2>/dev/null; sleep 5; tail -n 20 "$work"/runs/*.log; exit 4; fi
while [ "$(el)" -lt "$STOP_AT" ]; do
  sleep 20; echo "-- $(el) s, GPU $(nvidia-smi --query-gpu=utilization.gpu --format=csv,noheader 2>/dev/null)"
  for name in "${!PIDS[@]}"; do echo "$name: $(tail -n 1 "$work/runs/$name.log")"; done
done
kill -TERM "${PIDS[@]}" 2>/dev/null
for _ in $(seq 60); do alive=0; for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done; [ $alive = 0 ] && break; sleep 1; done
echo "stopped at $(el) s"
for name in "${!PIDS[@]}"; do
  cd "$work/runs/$name" || continue
  echo "== $name"; grep -E "^backend|done:|interrupted|rror" "../$name.log" | cut -c1-200
  last=$(ls checkpoints | sort | tail -n 1); picked=$last
  for s in 27000 18000 13500 9000 4500; do
    c=step-$(printf %08d $s)
    if [ -d "checkpoints/$c" ] && [ "$c" != "$last" ] && [ "$(echo "$picked" | wc -w)" -lt 3 ]; then picked="$picked $c"; fi
  done
  files="config.json metrics.jsonl.gz samples/$(ls samples | sort | tail -n 1)"
  for c in $picked; do files="$files checkpoints/$c/gan-state.json checkpoints/$c/generator-ema"; done
  gzip -kf metrics.jsonl
  # shellcheck disable=SC2086
  tar cf "$OUT/$name.tar" $files && echo "$name.tar: $picked ($(du -h "$OUT/$name.tar" | cut -f1))"
done
echo "done at $(el) s"
