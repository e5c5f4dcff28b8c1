#!/usr/bin/env bash
# embedkit serve under load (#17): MiniLM in process (encodeAll throughput, single-sentence latency) and the
# server on loopback with 1, 8 and 64 concurrent clients, one sentence per request, in one run. The clients
# are wrk (Debian's `wrk`, installed here when missing and root): a Java client in the same JVM took as much of
# the 2 cores as the server. -Dbench.jdkClient=true uses java.net.http instead. Server settings:
# BENCH_JAVA_OPTS="-Dbench.batch=32 -Dbench.workers=1 -Dbench.threads=0 -Dbench.clients=1,8,64 -Dbench.metrics=true".
# Usage: bench/serve-bench.sh [seconds per case, default 10]. Sentences: bench/out/sentences.txt
# (bench/make_sentences.py). Prints JSON lines; say which CPU when quoting them.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f bench/out/sentences.txt ]] || python3 bench/make_sentences.py
if ! command -v wrk >/dev/null && [[ $(id -u) == 0 ]]; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || echo "wrk not installed: java.net.http clients" >&2
fi
mvn -B -q install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl server -am
mvn -B -q -pl server test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
grep -m1 'model name' /proc/cpuinfo
cd server
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn --add-modules jdk.incubator.vector \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.embedkit.server.bench.ServeBench ../bench/out/sentences.txt "${1:-10}"
