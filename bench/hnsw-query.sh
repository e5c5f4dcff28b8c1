#!/usr/bin/env bash
# Query-only HNSW timing on a dataset folder made by bench/datasets (builds and saves the index once).
# Usage: bench/hnsw-query.sh bench/out/wordnet [ef,ef,...] [repeats] [rebuild]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl core,index -am
mvn -B -q -pl index test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
dir="$(cd "$1" && pwd)"; shift
cd index
exec java -Xmx8g --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.embedkit.index.bench.HnswQueryBench "$dir" "$@"
