#!/usr/bin/env bash
# embedkit's MiniLM pipeline against LangChain4j's AllMiniLmL6V2EmbeddingModel on 10,000 real sentences.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f bench/out/sentences.txt ]] || python3 bench/make_sentences.py
mvn -B -q install -DskipTests
cd bench/langchain4j
mvn -B -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cd ../..
exec java -DOPT_OUT_TRACKING=true -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/langchain4j/target/classes:$(cat bench/langchain4j/target/classpath.txt)" \
  io.embedkit.bench.CompareLangChain4j bench/out/sentences.txt "${1:-3}"
