#!/usr/bin/env bash
# ANN comparison on the datasets under bench/out (made by bench/datasets/*), all single-threaded, M=16,
# efConstruction=200, k=10: embedkit's HNSW on floats, on int8 codes with the best 3k of efSearch candidates
# rescored, and on 1-bit codes with every candidate rescored (--oversample 1: the efSearch sweep sets the beam);
# hnswlib compiled for
# this CPU (g++ -O3 -march=native over Debian's libhnswlib-dev headers) and Debian's generic python3-hnswlib;
# FAISS (python3-faiss) HNSWFlat and HNSWSQ 8-bit; Lucene 9.12's HNSW graph and its int7 scalar-quantized
# format (bench/lucene); with a JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64, Lucene 10.2's binary-quantized
# format (bench/lucene10). Prints per implementation the build time, the QPS at the smallest efSearch reaching
# recall@10 >= 0.90, 0.95 and 0.99 (each efSearch runs the 1,000 queries REPEATS times, default 5, the fastest
# pass counts) and bytes per vector (heap, and off-heap or on disk where they differ).
# Usage: bench/compare.sh [dataset...] (default: synthetic wordnet). Set JAVA_HOME to run embedkit on another JDK.
# QUANTIZATIONS="none" (default "none int8 binary") picks embedkit's modes; PEERS=native runs only the natively
# compiled hnswlib beside embedkit (default: every peer).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import hnswlib, faiss, numpy" 2>/dev/null || [[ ! -f /usr/include/hnswlib/hnswlib.h ]]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-hnswlib python3-faiss python3-numpy libhnswlib-dev g++
fi
mkdir -p bench/out
g++ -O3 -march=native -std=c++17 -o bench/out/hnswlib_native bench/hnswlib_native.cpp
[[ "${PEERS:-all}" == native ]] || (cd bench/lucene && mvn -B -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
if [[ -x $JDK25/bin/java && "${PEERS:-all}" != native ]]; then
  (cd bench/lucene10 && JAVA_HOME=$JDK25 mvn -B -q package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt 2>&1 | grep -v '^WARNING' || true)
fi
# embedkit on every JDK of 17 or later installed (one per feature version), newest first
jdks=() seen=" "
for home in $(ls -d /usr/lib/jvm/*/ | sort -rV); do
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
  if [[ -n "$major" && "$major" -ge 17 && "$seen" != *" $major "* && -x "$home/bin/java" ]]; then
    jdks+=("${home%/}") seen+="$major "
  fi
done
M=16 EFC=200 K=10
EFS=10,16,24,32,48,64,96,128,192,256,384,512
datasets=("$@")
[[ ${#datasets[@]} -gt 0 ]] || datasets=(synthetic wordnet)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
for ds in "${datasets[@]}"; do
  dir=bench/out/$ds
  if [[ ! -f $dir/truth.ivecs ]]; then
    echo "$dir: missing; make it with bench/datasets/make_${ds}.*" >&2
    continue
  fi
  metric=$(cat "$dir/metric")
  rm -f "$dir"/embedkit-*.json
  for home in "${jdks[@]}"; do
    for q in ${QUANTIZATIONS:-none int8 binary}; do
      oversample=0
      [[ $q == binary ]] && oversample=1
      JAVA_HOME=$home ./embedkit bench ann --base "$dir/base.fvecs" --query "$dir/query.fvecs" \
        --truth "$dir/truth.ivecs" --k $K --metric "$metric" --m $M --ef-construction $EFC --ef-search $EFS \
        --threads 1 --repeat "${REPEATS:-5}" --quantization $q --oversample $oversample \
        --json "$dir/embedkit-$q-$(basename "$home").json" >&2
    done
  done
  bench/out/hnswlib_native "$dir" $M $EFC $K $EFS "${REPEATS:-5}" > "$dir/others.jsonl"
  if [[ "${PEERS:-all}" != native ]]; then
  /usr/bin/python3 bench/ann_python.py "$dir" $M $EFC $K $EFS >> "$dir/others.jsonl"
  for main in LuceneHnsw LuceneHnswSq; do
    java -Xmx8g -cp "bench/lucene/target/classes:$(cat bench/lucene/target/classpath.txt)" io.embedkit.bench.$main \
      "$dir" $M $EFC $K $EFS >> "$dir/others.jsonl"
  done
  if [[ -f bench/lucene10/target/classpath.txt ]]; then
    $JDK25/bin/java -Xmx8g --add-modules jdk.incubator.vector \
      -cp "bench/lucene10/target/classes:$(cat bench/lucene10/target/classpath.txt)" io.embedkit.bench.LuceneBbq \
      "$dir" $M $EFC $K $EFS 2>/dev/null >> "$dir/others.jsonl"
  fi
  fi
  /usr/bin/python3 - "$dir" "$ds" <<'PY'
import json, sys
d, name = sys.argv[1], sys.argv[2]
results = []
import glob
order = {"none": 0, "int8": 1, "binary": 2}
for path in sorted(glob.glob(f"{d}/embedkit-*.json"), key=lambda p: (order[json.load(open(p))[0]["quantization"]], p)):
    ours = json.load(open(path))
    r0 = ours[0]
    label = {"none": "", "int8": " int8 x%d" % r0["oversample"], "binary": " binary"}[r0["quantization"]]
    results.append({"impl": "embedkit" + label + " (JDK %d)" % r0["java"],
                    "buildSeconds": r0["buildSeconds"],
                    "bytes": "%.0f heap + %.0f mapped" % (r0["heapBytesPerVector"], r0["offHeapBytesPerVector"])
                    if r0["offHeapBytesPerVector"] else "%.0f heap" % r0["heapBytesPerVector"],
                    "rows": [{"efSearch": r["efSearch"], "recall": r["recall"], "qps": r["qps"]} for r in ours]})
for line in open(f"{d}/others.jsonl"):
    r = json.loads(line)
    if "bytesPerVector" in r:
        r["bytes"] = "%.0f heap" % r["bytesPerVector"]
    elif "diskBytesPerVector" in r:
        r["bytes"] = "%.0f disk" % r["diskBytesPerVector"]
    results.append(r)
print(f"\n{name}: {ours[0]['size']} x {ours[0]['dimension']} {ours[0]['metric']}, M=16 efC=200 k=10, 1 thread")
print(f"{'implementation':<36}{'build s':>9}" + "".join(f"{'QPS@' + str(t):>18}" for t in (0.90, 0.95, 0.99))
      + "   bytes/vector")
for r in results:
    cells = []
    for t in (0.90, 0.95, 0.99):
        ok = [x for x in r["rows"] if x["recall"] >= t]
        cells.append(f"{ok[0]['qps']:9.0f} (ef {ok[0]['efSearch']})" if ok else "not reached")
    print(f"{r['impl']:<36}{r['buildSeconds']:9.1f}" + "".join(f"{c:>18}" for c in cells) + "   " + r.get("bytes", ""))
PY
done
