#!/usr/bin/env bash
# #20's comparison on the committed WordNet topics set (datasets/wordnet-topics, 25 noun topics) with MiniLM:
# kNN@10 vs a linear head vs an MLP vs a linear adapter + kNN@10, trained on 8, 16, 64 examples per topic and on
# the whole training split, always tested on the same 1,933 test items. Prints a Markdown table of accuracy and
# macro-F1. Usage: bench/classify-fewshot.sh   (about 3 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/topics
mkdir -p "$out"
for split in train test; do
  [[ -f "$out/$split.jsonl" ]] || ./embedkit embed text --in "datasets/wordnet-topics/$split.csv" \
    --labels column=label --out "$out/$split.jsonl"
done
python3 - "$out" <<'PY'
import json, random, sys
out = sys.argv[1]
rows = [json.loads(l) for l in open(f"{out}/train.jsonl")]
by = {}
for r in rows:
    by.setdefault(r["label"], []).append(r)
for n in (8, 16, 64):
    rng = random.Random(n)
    with open(f"{out}/train-{n}.jsonl", "w") as f:
        for label in sorted(by):
            for r in rng.sample(by[label], min(n, len(by[label]))):
                f.write(json.dumps(r) + "\n")
PY
cp "$out/train.jsonl" "$out/train-all.jsonl"
echo "| examples per topic | kNN@10 | linear | MLP | adapter + kNN@10 |"
echo "| --- | ---: | ---: | ---: | ---: |"
for n in 8 16 64 all; do
  t="$out/train-$n.jsonl"
  ./embedkit classify --train "$t" --in "$out/test.jsonl" --k 10 --quiet --json "$out/knn-$n.json" > /dev/null
  for head in linear mlp adapter; do
    ./embedkit train-classifier --train "$t" --head "$head" --out "$out/$head-$n" --test "$out/test.jsonl" \
      --json "$out/$head-$n.json" > /dev/null
  done
  python3 - "$out" "$n" <<'PY'
import json, sys
out, n = sys.argv[1], sys.argv[2]
cells = []
for m in ("knn", "linear", "mlp", "adapter"):
    r = json.load(open(f"{out}/{m}-{n}.json"))
    cells.append(f"{r['accuracy']:.4f} / {r['macroF1']:.4f}")
label = "all (~155)" if n == "all" else n
print(f"| {label} | " + " | ".join(cells) + " |")
PY
done
