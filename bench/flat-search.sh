#!/usr/bin/env bash
# JMH: single-threaded exact search, 100k x 384, top 10. Extra JMH arguments pass through (e.g. -p metric=L2).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl index -am test-compile -DskipTests
mvn -B -q -pl index dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cd index
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  'io.embedkit.index.bench.FlatSearchBenchmark' "$@"
