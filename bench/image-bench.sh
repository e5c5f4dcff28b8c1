#!/usr/bin/env bash
# Image encoder speed against Python on the same 640x480 JPEGs, one thread each, same run:
#  - decode + preprocess to a 224 tensor (ResNet recipe): embedkit vs PIL + torchvision
#  - full encode with a ResNet-18-sized TorchScript model (random weights): embedkit (DJL, libtorch) vs torch
# Makes the images and the model first (bench/make_image_bench.py, Debian's python3-torch/torchvision/pil).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import torch, torchvision, PIL" 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchvision python3-pil
fi
[[ -f bench/out/resnet18/model.pt && -d bench/out/images ]] || /usr/bin/python3 bench/make_image_bench.py
BATCH=${BATCH:-16} REPEAT=${REPEAT:-3}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
/usr/bin/python3 bench/image_python.py bench/out/images bench/out/resnet18 "$BATCH" "$REPEAT" > bench/out/image-python.json
./embedkit bench encode image --model bench/out/resnet18 --engine pytorch --in bench/out/images --threads 1 \
  --batch "$BATCH" --repeat "$REPEAT" --json bench/out/image-embedkit.json
/usr/bin/python3 - <<'PY'
import json
py = json.load(open("bench/out/image-python.json"))
ek = json.load(open("bench/out/image-embedkit.json"))
print(f"\n{ek['items']} JPEGs 640x480, 1 thread, batch {ek['batch']}")
print(f"{'':34}{'embedkit':>12}{py['impl']:>44}{'ratio':>8}")
pre, ppre = ek["preprocess"]["itemsPerSecond"], py["preprocessPerSecond"]
enc, penc = ek["itemsPerSecond"], py["encodePerSecond"]
print(f"{'decode + preprocess (images/s)':34}{pre:12.1f}{ppre:44.1f}{pre / ppre:8.2f}")
print(f"{'ResNet-18 full encode (images/s)':34}{enc:12.1f}{penc:44.1f}{enc / penc:8.2f}")
print(f"{'ResNet-18 forward only (images/s)':34}{ek['forwardPass']['itemsPerSecond']:12.1f}")
PY
