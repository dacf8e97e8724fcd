#!/usr/bin/env bash
# The whole pipeline on this machine (the local run's pieces: broker, Connect with the plugins, Redis, PostgreSQL,
# aggregator, shop simulator): POST-to-topic latency and window-close-to-PostgreSQL latency at a steady rate, then
# events/s through the aggregator under a closed-loop flood of the listener (64 clients posting arrays of 100 clicks
# as fast as they are acknowledged; BENCH_OPTS=-Dflood.clients=N for more), with the aggregator's lag and the cores
# each group of threads used, against a bare KafkaProducer writing as many events.
# Prints a table with the article's KPIs beside the figures; last line: ratio=<pipeline events/s / producer events/s>.
# Usage: bench/pipeline.sh [steady rate=1000] [seconds=40] [flood seconds=20]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench,local -am
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
rm -rf bench/target/pipeline-work && mkdir -p bench/target/pipeline-work
java -Xmx2g ${BENCH_OPTS:-} -Drivulet.work.dir=bench/target/pipeline-work -cp "$cp" io.rivulet.bench.PipelineBench \
  local/target/plugin-zips connect-configs "$@" 2>bench/target/pipeline-bench.err | grep -v ' INFO '
