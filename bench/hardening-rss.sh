#!/usr/bin/env bash
# Peak resident memory (RSS) of `embed` on inputs far larger than memory should need (#15): a 1 GB text file
# (100,000 lines of 10.7 kB, each cut to the model's maximum length) and an hour of 44.1 kHz stereo 16-bit WAV
# (635 MB). The models are the project's tiny test models, so that the run measures the reading, decoding and
# resampling, not a large network. Peak RSS from GNU time (the JVM and its launcher). Writes bench/out/rss/.
# Takes about 12 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/rss
mkdir -p "$out"
if [[ ! -f "$out/big.txt" ]]; then
  python3 - "$out/big.txt" <<'PY'
import random, sys
words = "the of and to in is for on that with as by at from this are be it an or which was has not".split()
rng = random.Random(3)
with open(sys.argv[1], "w") as f:
    for i in range(100_000):
        line = " ".join(rng.choice(words) for _ in range(3000))[:10_737]
        f.write(line + "\n")
PY
fi
if [[ ! -f "$out/hour.wav" ]]; then
  python3 - "$out/hour.wav" <<'PY'
import struct, sys
import numpy as np
rate, seconds, ch = 44100, 3600, 2
n = rate * seconds
with open(sys.argv[1], "wb") as f:
    f.write(b"RIFF" + struct.pack("<I", 36 + n * ch * 2) + b"WAVE")
    f.write(b"fmt " + struct.pack("<IHHIIHH", 16, 1, ch, rate, rate * ch * 2, ch * 2, 16))
    f.write(b"data" + struct.pack("<I", n * ch * 2))
    rng = np.random.default_rng(1)
    for start in range(0, n, rate * 60):  # a minute at a time
        m = min(rate * 60, n - start)
        t = (np.arange(start, start + m) / rate)[:, None]
        x = 0.3 * np.sin(2 * np.pi * np.array([220.0, 330.0]) * t) + 0.05 * rng.standard_normal((m, ch))
        f.write((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
PY
fi
ls -l "$out/big.txt" "$out/hour.wav"
./embedkit demo > /dev/null # builds the tool first, outside the measurement
measure() { # name, then the embed arguments
  local name=$1
  shift
  /usr/bin/time -v -o "$out/$name.time" ./embedkit embed "$@" 2> "$out/$name.err"
  local kb
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/$name.time")
  local secs
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/$name.time")
  printf '{"case": "%s", "peakRssMB": %.0f, "wall": "%s", "javaOpts": "%s"}\n' "$name" "$((kb / 1024))" "$secs" \
    "${EMBEDKIT_JAVA_OPTS:-}"
}
# The JVM's defaults first (a heap of up to a quarter of RAM, collected lazily), then a 512 MB heap: that the runs
# finish in it shows the memory does not grow with the input.
for opts in "" "-Xmx512m"; do
  export EMBEDKIT_JAVA_OPTS=$opts
  measure text-1GB text --model text-encoder/src/test/resources/tiny-bert --in "$out/big.txt" \
    --out "$out/big.fvecs" --batch 32
  # The tiny Wav2Vec2 keeps a frame every 20 samples (the real one every 320), so a 10 s window is 8,000 frames
  # and its attention alone needs 1 GB per window: 1 s windows one at a time keep the model's share small, so
  # that the figure is the decoding, resampling and windowing of the hour; batches of 8 show the model's share.
  measure wav-1h audio --model audio-encoder/src/test/resources/tiny-wav2vec2 --in "$out/hour.wav" \
    --out "$out/hour.jsonl" --window 1 --overlap 0.1 --batch 1
  measure wav-1h-batch8 audio --model audio-encoder/src/test/resources/tiny-wav2vec2 --in "$out/hour.wav" \
    --out "$out/hour.jsonl" --window 1 --overlap 0.1 --batch 8
done
