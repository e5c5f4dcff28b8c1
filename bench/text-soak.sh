#!/usr/bin/env bash
# 100,000 single encodes with the embedded MiniLM, reporting resident memory: watches for native leaks.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f bench/out/sentences.txt ]] || python3 bench/make_sentences.py
mvn -B -q install -DskipTests
mvn -B -q -pl text-encoder test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
cd text-encoder
exec java -Xmx1g -DOPT_OUT_TRACKING=true -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.embedkit.text.bench.EncodeSoak ../bench/out/sentences.txt "${1:-100000}" "${2:-2}"
