#!/usr/bin/env python3
"""Writes OUT/glosses.txt: 101,000 distinct WordNet definitions (Debian's wordnet-base), shuffled with a fixed
seed; the first 100,000 are the ANN benchmark's base texts, the last 1,000 its queries (make_wordnet.sh)."""
import glob, random, re, sys
out = sys.argv[1]
glosses, seen = [], set()
for path in sorted(glob.glob("/usr/share/wordnet/data.*")):
    for line in open(path, encoding="utf-8", errors="ignore"):
        if line.startswith(" ") or "|" not in line:
            continue
        g = line.split("|", 1)[1].strip()
        g = re.sub(r"\s+", " ", g.split(";")[0].strip().strip('"'))  # the definition, without examples
        if len(g.split()) >= 3 and g not in seen:
            seen.add(g)
            glosses.append(g)
random.Random(11).shuffle(glosses)
glosses = glosses[:101000]
open(f"{out}/glosses.txt", "w", encoding="utf-8").write("\n".join(glosses) + "\n")
print(len(glosses), "glosses")
