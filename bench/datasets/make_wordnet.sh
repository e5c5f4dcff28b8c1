#!/usr/bin/env bash
# Dataset (a) of the ANN benchmark: 101,000 WordNet glosses (Debian's wordnet-base) embedded by embedkit's
# text encoder (all-MiniLM-L6-v2, 384 dimensions, cosine): 100,000 base vectors, 1,000 held-out queries,
# exact top-100 ground truth from the flat index. Writes bench/out/wordnet/. Takes about 6 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out/wordnet
mkdir -p "$out"
if [[ ! -d /usr/share/wordnet ]]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base
fi
python3 bench/datasets/wordnet_glosses.py "$out"
./embedkit embed text --in "$out/glosses.txt" --out "$out/all.fvecs" --batch 32
python3 - "$out" <<'PY'
import struct, sys
out = sys.argv[1]
data = open(f"{out}/all.fvecs", "rb").read()
dim = struct.unpack_from("<i", data, 0)[0]
row = 4 + 4 * dim
n = len(data) // row
queries = 1000
open(f"{out}/base.fvecs", "wb").write(data[: (n - queries) * row])
open(f"{out}/query.fvecs", "wb").write(data[(n - queries) * row:])
print(n - queries, "base,", queries, "queries of dimension", dim)
PY
./embedkit bench truth --base "$out/base.fvecs" --query "$out/query.fvecs" --k 100 --metric cosine \
  --out "$out/truth.ivecs"
echo cosine > "$out/metric"
rm "$out/all.fvecs"
echo "wrote $out"
