#!/usr/bin/env bash
# The long HNSW stress test: 4 writer and 4 reader threads, 200,000 operations (mvn verify runs 20,000).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
exec mvn -B -pl index test -Dtest=HnswConcurrencyTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtests.stress.ops="${1:-200000}" -Dsurefire.extraArgs="--add-modules jdk.incubator.vector -Dtests.stress.ops=${1:-200000}"
