#!/usr/bin/env bash
# Resampling 44.1 kHz -> 16 kHz, one thread, same run: embedkit's Resampler against
# torchaudio.functional.resample (Debian's python3-torchaudio), on 60 s of noise. Prints both and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import torchaudio" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torchaudio
fi
mvn -B -q install -DskipTests -pl core,audio-encoder -am
mvn -B -q -pl audio-encoder test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
SECONDS_OF_AUDIO=${1:-60}
ours=$(java -cp "audio-encoder/target/test-classes:audio-encoder/target/classes:$(cat audio-encoder/target/test-classpath.txt)" \
  io.embedkit.audio.bench.ResampleBench "$SECONDS_OF_AUDIO" 5)
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
echo "$ours"
echo "$theirs"
/usr/bin/python3 -c "import json,sys; a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]); print(f\"44.1 -> 16 kHz, 1 thread: embedkit {a['realTime']:.0f}x real time, {b['impl']} {b['realTime']:.0f}x; ratio {a['realTime']/b['realTime']:.2f}\")" "$ours" "$theirs"
