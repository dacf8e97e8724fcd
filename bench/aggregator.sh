#!/usr/bin/env bash
# The aggregator on this machine: events/s through the whole topology (exactly-once v2, changelogs on) against a
# bare KafkaConsumer reading the same topic in the same run, and the state one minute of N distinct users takes.
# Last line: ratio=<aggregator events/s / consumer records/s>.
# Usage: bench/aggregator.sh [clicks=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench -am
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
mkdir -p bench/target/aggregator-work
java -Xmx3g -Drivulet.work.dir=bench/target/aggregator-work -cp "$cp" io.rivulet.bench.AggregatorBench "$@" \
  2>bench/target/aggregator-bench.err | grep -v ' INFO '
