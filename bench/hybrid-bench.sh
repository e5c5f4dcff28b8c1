#!/usr/bin/env bash
# Hybrid (BM25 + vector, RRF) search latency against vector-only at 100,000 documents, one query thread: WordNet
# glosses with their MiniLM vectors (made by bench/datasets/make_wordnet.sh when missing), HNSW beside Lucene.
# Prints mean/p50/p99 per mode on the indexes alone and end to end with MiniLM embedding each query.
# Usage: bench/hybrid-bench.sh [repeats] [indexes]   ("indexes": skip the end-to-end part; JAVA_HOME picks the JDK)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/wordnet
[[ -f "$out/base.fvecs" ]] || bench/datasets/make_wordnet.sh
[[ -f "$out/glosses.txt" ]] || python3 bench/datasets/wordnet_glosses.py "$out"
mvn -B -q install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl cli -am
mvn -B -q -pl cli test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" -Xmx6g --add-modules jdk.incubator.vector \
  -cp "cli/target/test-classes:cli/target/classes:$(cat cli/target/test-classpath.txt)" \
  io.embedkit.cli.bench.HybridBench "$out" "${1:-3}" "${2:-all}" 2> >(grep -v -e "incubator" -e "^WARNING" >&2)
