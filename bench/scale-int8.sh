#!/usr/bin/env bash
# #18's scale check: an int8 HNSW index of N x DIM clustered unit vectors (default 2,000,000 x 384, generated
# batch by batch) built with 2 threads in a heap of at most 4 GB, saved, loaded back, searched against exact
# top-10s of 200 queries. Prints JSON lines; say which CPU when quoting them. Usage: bench/scale-int8.sh [N [DIM
# [M [EF_CONSTRUCTION [search]]]]] (defaults 2000000 384 16 100; "search" searches the index file an earlier run
# left, without building). The index file goes to bench/out/scale/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl index -am
mvn -B -q -pl index test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
mkdir -p bench/out/scale
grep -m1 'model name' /proc/cpuinfo
java -Xmx4g --add-modules jdk.incubator.vector -cp "index/target/test-classes:index/target/classes:$(cat index/target/test-classpath.txt)" \
  io.embedkit.index.bench.ScaleBench "${1:-2000000}" "${2:-384}" bench/out/scale/int8.idx "${3:-16}" "${4:-100}" ${5:-} 2>&1 \
  | grep --line-buffered -v "WARNING: Using incubator modules"
ls -l bench/out/scale/int8.idx
