#!/usr/bin/env bash
# Training time of the classification heads (#20's benchmark): a 25-class linear head and an MLP on 10,000 x 384
# unit vectors, default settings, DJL PyTorch on the CPU. Usage: bench/train-bench.sh [items] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl training -am
mvn -B -q -pl training test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" -Xmx4g -DOPT_OUT_TRACKING=true -cp "training/target/test-classes:training/target/classes:$(cat training/target/test-classpath.txt)" \
  io.embedkit.training.bench.TrainBench "${1:-10000}" "${2:-3}"
