#!/usr/bin/env bash
# int8 against fp32, in one run: minilm-q vs minilm (and e5-small-v2-q alone, for reference).
#  1. speed: `bench encode text` on bench/out/sentences.txt (10,000 real sentences, bench/make_sentences.py);
#  2. closeness: min and mean cosine between each sentence's int8 and fp32 vectors;
#  3. retrieval: nDCG@10 on a WordNet set (Debian's wordnet-base): 20,000 synset glosses are the documents,
#     2,000 of those synsets' lemma lists ("dog, domestic dog, Canis familiaris") the queries, each with its own
#     gloss as the one relevant document.
# Writes bench/out/int8/ and prints a JSON summary. Takes about 8 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/int8
mkdir -p "$out"
[[ -f bench/out/sentences.txt ]] || python3 bench/make_sentences.py
if [[ ! -d /usr/share/wordnet ]]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base
fi
python3 - "$out" <<'PY'
import glob, random, re, sys
out = sys.argv[1]
synsets, seen = [], set()
for path in sorted(glob.glob("/usr/share/wordnet/data.*")):
    for line in open(path, encoding="utf-8", errors="ignore"):
        if line.startswith(" ") or "|" not in line:
            continue
        head, gloss = line.split("|", 1)
        fields = head.split()
        n = int(fields[3], 16)
        lemmas = [fields[4 + 2 * i].replace("_", " ") for i in range(n)]
        lemmas = [re.sub(r"\(.*\)$", "", l) for l in lemmas]
        g = re.sub(r"\s+", " ", gloss.split(";")[0].strip().strip('"'))
        if len(g.split()) >= 3 and g not in seen:
            seen.add(g)
            synsets.append((", ".join(lemmas), g))
random.Random(7).shuffle(synsets)
docs = synsets[:20000]
open(f"{out}/docs.txt", "w", encoding="utf-8").write("\n".join(g for _, g in docs) + "\n")
open(f"{out}/queries.txt", "w", encoding="utf-8").write("\n".join(l for l, _ in docs[:2000]) + "\n")
print(len(docs), "documents,", 2000, "queries")
PY
for m in minilm minilm-q; do
  ./embedkit bench encode text --model "$m" --in bench/out/sentences.txt --batch 32 --json "$out/speed-$m.json" >&2
  ./embedkit embed text --model "$m" --in bench/out/sentences.txt --out "$out/sentences-$m.fvecs" 2>/dev/null
  ./embedkit embed text --model "$m" --in "$out/docs.txt" --out "$out/docs-$m.fvecs" 2>/dev/null
  ./embedkit embed text --model "$m" --in "$out/queries.txt" --out "$out/queries-$m.fvecs" 2>/dev/null
done
./embedkit embed text --model e5-small-v2-q --prefix "passage: " --in "$out/docs.txt" --out "$out/docs-e5.fvecs" 2>/dev/null
./embedkit embed text --model e5-small-v2-q --prefix "query: " --in "$out/queries.txt" --out "$out/queries-e5.fvecs" 2>/dev/null
python3 - "$out" <<'PY'
import json, sys
import numpy as np
out = sys.argv[1]
def fvecs(p):
    a = np.fromfile(p, dtype="<i4")
    d = a[0]
    return a.reshape(-1, d + 1)[:, 1:].view("<f4")
def ndcg10(q, d):
    s = q @ d.T
    gains = []
    for i in range(len(q)):
        top = np.argsort(-s[i])[:10]
        hit = np.where(top == i)[0]
        gains.append(1 / np.log2(hit[0] + 2) if len(hit) else 0.0)
    return float(np.mean(gains))
res = {}
for m in ["minilm", "minilm-q"]:
    sp = json.load(open(f"{out}/speed-{m}.json"))
    res[m] = {"sentencesPerSecond": sp["itemsPerSecond"],
              "ndcg@10": ndcg10(fvecs(f"{out}/queries-{m}.fvecs"), fvecs(f"{out}/docs-{m}.fvecs"))}
res["e5-small-v2-q"] = {"ndcg@10": ndcg10(fvecs(f"{out}/queries-e5.fvecs"), fvecs(f"{out}/docs-e5.fvecs"))}
a, b = fvecs(f"{out}/sentences-minilm.fvecs"), fvecs(f"{out}/sentences-minilm-q.fvecs")
cos = np.sum(a * b, axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
res["cosineToFp32"] = {"min": float(cos.min()), "mean": float(cos.mean()), "sentences": int(len(cos))}
res["speedRatio"] = res["minilm-q"]["sentencesPerSecond"] / res["minilm"]["sentencesPerSecond"]
res["ndcgDifference"] = res["minilm-q"]["ndcg@10"] - res["minilm"]["ndcg@10"]
print(json.dumps(res, indent=2))
json.dump(res, open(f"{out}/summary.json", "w"), indent=2)
PY
