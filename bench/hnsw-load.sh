#!/usr/bin/env bash
# Builds and saves an N x DIM HNSW index of random vectors (default 1M x 384), then loads it in a fresh JVM and
# reports the load time. Usage: bench/hnsw-load.sh [N] [DIM]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl core,index -am
mvn -B -q -pl index test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
file=bench/out/load-test.hnsw
mkdir -p bench/out
cp="index/target/test-classes:index/target/classes:$(cat index/target/test-classpath.txt)"
java -Xmx12g --add-modules jdk.incubator.vector -cp "$cp" io.embedkit.index.bench.HnswLoadBench build "${1:-1000000}" "${2:-384}" "$file" 2
sync
for i in 1 2; do
  java -Xmx12g --add-modules jdk.incubator.vector -cp "$cp" io.embedkit.index.bench.HnswLoadBench load "$file"
done
rm -f "$file"
