#!/usr/bin/env bash
# One thread, same run, against Debian's python3-torchaudio on noise (default 60 s): resampling 44.1 -> 16 kHz
# (Resampler vs torchaudio.functional.resample) and log-mel extraction (MelSpectrogram + log vs
# torchaudio.transforms.MelSpectrogram + log; n_fft 400, hop 160, 64 mels), and the full Wav2Vec2 path in clips/s
# (bench/make_audio_bench.py: wav2vec2-base-sized, random weights; WAV2VEC2=0 skips it). Prints all and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import torchaudio" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torchaudio
fi
mvn -B -q install -DskipTests -pl core,audio-encoder -am
mvn -B -q -pl audio-encoder test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
SECONDS_OF_AUDIO=${1:-60}
cp="audio-encoder/target/test-classes:audio-encoder/target/classes:$(cat audio-encoder/target/test-classpath.txt)"
simd=(--add-modules jdk.incubator.vector)
ours=$(java "${simd[@]}" -cp "$cp" io.embedkit.audio.bench.ResampleBench "$SECONDS_OF_AUDIO" 5 2>/dev/null)
ours_scalar=$(java -Dembedkit.kernels=scalar -cp "$cp" io.embedkit.audio.bench.ResampleBench "$SECONDS_OF_AUDIO" 5 2>/dev/null)
ours_mel=$(java "${simd[@]}" -cp "$cp" io.embedkit.audio.bench.MelBench "$SECONDS_OF_AUDIO" 5 2>/dev/null)
theirs=$(/usr/bin/python3 - "$SECONDS_OF_AUDIO" <<'PY'
import json, statistics, sys, time
import torch, torchaudio, torchaudio.functional as F
torch.set_num_threads(1)
n = int(sys.argv[1])
x = torch.rand(44100 * n) - 0.5
for _ in range(3):
    F.resample(x, 44100, 16000)
t = []
for _ in range(5):
    t0 = time.perf_counter(); F.resample(x, 44100, 16000); t.append(time.perf_counter() - t0)
s = statistics.median(t)
print(json.dumps({"impl": "torchaudio " + torchaudio.__version__, "audioSeconds": n, "seconds": s, "realTime": n / s}))
PY
)
theirs_mel=$(/usr/bin/python3 - "$SECONDS_OF_AUDIO" <<'PY'
import json, statistics, sys, time
import torch, torchaudio
torch.set_num_threads(1)
n = int(sys.argv[1])
x = torch.rand(16000 * n) - 0.5
mel = torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=400, win_length=400, hop_length=160, n_mels=64)
for _ in range(3):
    torch.log(mel(x) + 1e-6)
t = []
for _ in range(5):
    t0 = time.perf_counter(); torch.log(mel(x) + 1e-6); t.append(time.perf_counter() - t0)
s = statistics.median(t)
print(json.dumps({"impl": "torchaudio " + torchaudio.__version__, "audioSeconds": n, "seconds": s, "realTime": n / s}))
PY
)
echo "$ours"
echo "$ours_scalar"
echo "$theirs"
echo "$ours_mel"
echo "$theirs_mel"
/usr/bin/python3 -c "import json,sys; a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]); print(f\"log-mel, 1 thread: embedkit {a['realTime']:.0f}x real time, {b['impl']} {b['realTime']:.0f}x; ratio {a['realTime']/b['realTime']:.2f}\")" "$ours_mel" "$theirs_mel"
/usr/bin/python3 -c "import json,sys; a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]); print(f\"44.1 -> 16 kHz, 1 thread: embedkit {a['realTime']:.0f}x real time, {b['impl']} {b['realTime']:.0f}x; ratio {a['realTime']/b['realTime']:.2f}\")" "$ours" "$theirs"
/usr/bin/python3 -c "import json,sys; a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]); print(f\"44.1 -> 16 kHz, 1 thread, scalar kernels (no --add-modules): embedkit {a['realTime']:.0f}x real time; ratio {a['realTime']/b['realTime']:.2f}\")" "$ours_scalar" "$theirs"

# the full Wav2Vec2 path: clips/s with a wav2vec2-base-sized TorchScript model (random weights), against torch
if [[ "${WAV2VEC2:-1}" == 1 ]]; then
  [[ -f bench/out/wav2vec2-base/model.pt && -d bench/out/clips ]] || /usr/bin/python3 bench/make_audio_bench.py
  /usr/bin/python3 bench/audio_python.py bench/out/clips bench/out/wav2vec2-base 1 > bench/out/audio-python.json
  ./embedkit bench encode audio --model bench/out/wav2vec2-base --in bench/out/clips --threads 1 --batch 1 \
    --repeat 1 --json bench/out/audio-embedkit.json > /dev/null
  /usr/bin/python3 - <<'PY'
import json
py, ek = json.load(open("bench/out/audio-python.json")), json.load(open("bench/out/audio-embedkit.json"))
print(f"wav2vec2-base, {ek['items']} clips ({ek['audioSeconds']:.0f} s), 1 thread: embedkit {ek['itemsPerSecond']:.2f} clips/s"
      f" ({ek['realTimeFactor']:.1f}x real time), {py['impl']} {py['itemsPerSecond']:.2f} clips/s;"
      f" ratio {ek['itemsPerSecond'] / py['itemsPerSecond']:.2f}")
PY
fi
