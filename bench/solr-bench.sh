#!/usr/bin/env bash
# SolrCloud vs the in-process HNSW index on the same 100k vectors (default: the first 100,000 of the synthetic
# 200k x 128 L2 set that bench/datasets/make_synthetic.py makes): indexing rate, query latency p50/p99 (one
# thread, k 10) and recall@10 against exact search. The SolrCloud (2 nodes, embedded ZooKeeper) runs in the
# benchmark's JVM through solr-test-framework, so its numbers include no network hop between machines.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
[[ -f bench/out/synthetic/base.fvecs ]] || python3 bench/datasets/make_synthetic.py
mvn -B -q install -DskipTests -pl solr -am
mvn -B -q -pl solr test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
cp="solr/target/test-classes:solr/target/classes:$(cat solr/target/test-classpath.txt)"
java -Xmx8g --add-modules jdk.incubator.vector -Dlog4j2.configurationFile=solr/src/test/resources/log4j2-test.xml \
  -cp "$cp" io.embedkit.solr.SolrBench bench/out/synthetic/base.fvecs bench/out/synthetic/query.fvecs "$N" l2 2>/dev/null
