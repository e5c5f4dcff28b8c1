#!/usr/bin/env bash
# Spark text-embedding throughput: the same 10,000 real sentences (bench/make_sentences.py) through a local
# encodeAll, Spark local[1] and Spark local[2] (embedded MiniLM, batch 32, one native thread per model call),
# each in its own JVM, best of three jobs after a warm-up. Prints each and the local[2] / local[1] scaling.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f bench/out/sentences.txt ]] || python3 bench/make_sentences.py
mvn -B -q install -DskipTests -pl spark -am
mvn -B -q -pl spark test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
cp="spark/target/test-classes:spark/target/classes:$(cat spark/target/test-classpath.txt)"
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)
run() { java -Xmx6g "${opens[@]}" -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dlog4j2.configurationFile=spark/src/test/resources/log4j2.properties \
  -cp "$cp" io.embedkit.spark.SparkTextBench "$1" bench/out/sentences.txt 8 2>/dev/null | tail -1; }
local_=$(run none); one=$(run 'local[1]'); two=$(run 'local[2]')
echo "$local_"; echo "$one"; echo "$two"
python3 -c "import json,sys; l,a,b=(json.loads(x) for x in sys.argv[1:]); print(f\"Spark local[1] {a['itemsPerSecond']:.0f}/s ({a['itemsPerSecond']/l['itemsPerSecond']:.2f} of local encodeAll {l['itemsPerSecond']:.0f}/s), local[2] {b['itemsPerSecond']:.0f}/s: scaling {b['itemsPerSecond']/a['itemsPerSecond']:.2f}x\")" "$local_" "$one" "$two"
