#!/usr/bin/env bash
# ANN comparison on the datasets under bench/out (made by bench/datasets/*): embedkit's HNSW against hnswlib
# and FAISS (Debian's python3-hnswlib and python3-faiss, installed here) and Lucene 9.12's HNSW graph
# (bench/lucene, from Maven Central), all single-threaded, M=16,
# efConstruction=200, k=10. Prints per implementation the build time and the QPS at the smallest efSearch
# reaching recall@10 >= 0.90, 0.95 and 0.99; each efSearch runs the 1,000 queries REPEATS times (default 5)
# and the fastest pass counts. Usage: bench/compare.sh [dataset...] (default: synthetic wordnet)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import hnswlib, faiss, numpy" 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-hnswlib python3-faiss python3-numpy
fi
(cd bench/lucene && mvn -B -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
M=16 EFC=200 K=10
EFS=10,16,24,32,48,64,96,128,192,256,384,512
datasets=("$@")
[[ ${#datasets[@]} -gt 0 ]] || datasets=(synthetic wordnet)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
for ds in "${datasets[@]}"; do
  dir=bench/out/$ds
  if [[ ! -f $dir/truth.ivecs ]]; then
    echo "$dir: missing; make it with bench/datasets/make_${ds}.*" >&2
    continue
  fi
  metric=$(cat "$dir/metric")
  ./embedkit bench ann --base "$dir/base.fvecs" --query "$dir/query.fvecs" --truth "$dir/truth.ivecs" --k $K \
    --metric "$metric" --m $M --ef-construction $EFC --ef-search $EFS --threads 1 --repeat "${REPEATS:-5}" --json "$dir/embedkit.json" >&2
  /usr/bin/python3 bench/ann_python.py "$dir" $M $EFC $K $EFS > "$dir/python.jsonl"
  java -Xmx8g -cp "bench/lucene/target/classes:$(cat bench/lucene/target/classpath.txt)" io.embedkit.bench.LuceneHnsw \
    "$dir" $M $EFC $K $EFS >> "$dir/python.jsonl"
  /usr/bin/python3 - "$dir" "$ds" <<'PY'
import json, sys
d, name = sys.argv[1], sys.argv[2]
ours = json.load(open(f"{d}/embedkit.json"))
results = [{"impl": "embedkit", "buildSeconds": ours[0]["buildSeconds"],
            "rows": [{"efSearch": r["efSearch"], "recall": r["recall"], "qps": r["qps"]} for r in ours]}]
results += [json.loads(l) for l in open(f"{d}/python.jsonl")]
print(f"\n{name}: {ours[0]['size']} x {ours[0]['dimension']} {ours[0]['metric']}, M=16 efC=200 k=10, 1 thread")
print(f"{'implementation':<16}{'build s':>9}" + "".join(f"{'QPS@' + str(t):>16}" for t in (0.90, 0.95, 0.99)))
for r in results:
    cells = []
    for t in (0.90, 0.95, 0.99):
        ok = [x for x in r["rows"] if x["recall"] >= t]
        cells.append(f"{ok[0]['qps']:9.0f} (ef {ok[0]['efSearch']})" if ok else "not reached")
    print(f"{r['impl']:<16}{r['buildSeconds']:9.1f}" + "".join(f"{c:>16}" for c in cells))
PY
done
