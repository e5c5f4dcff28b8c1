#!/usr/bin/env bash
# embedkit serve under load (#17): MiniLM in process (encodeAll throughput, single-sentence latency) and the
# server on loopback with 1, 8 and 64 concurrent clients, one sentence per request, in one run and one JVM.
# Usage: bench/serve-bench.sh [seconds per case, default 10]. Sentences: bench/out/sentences.txt
# (bench/make_sentences.py). Prints JSON lines; say which CPU when quoting them.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f bench/out/sentences.txt ]] || python3 bench/make_sentences.py
mvn -B -q install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl server -am
mvn -B -q -pl server test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
grep -m1 'model name' /proc/cpuinfo
cd server
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn --add-modules jdk.incubator.vector \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.embedkit.server.bench.ServeBench ../bench/out/sentences.txt "${1:-10}"
