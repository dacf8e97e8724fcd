#!/usr/bin/env bash
# The aggregator on this machine, against baselines measured in the same run on the same topics (clicks of distinct
# users plus orders, 6 partitions): a bare KafkaConsumer, a trivial Kafka Streams exactly-once app (count records),
# the same app also parsing each value as the aggregator does (the ceiling of the ratio) and the aggregator with 1
# stream thread in five rounds (the median round by ratio is reported, and each round's CPU time per event of the
# trivial app and the aggregator), the aggregator with 2 stream threads (events/s, per partition task), after a
# warm-up run of each app; the state per user, a new instance restoring the open minute from the inputs, and on live
# traffic the time from a window's close to its row (p50, p99).
# Last line: ratio=<aggregator with 1 thread / trivial Streams app>.
# Usage: bench/aggregator.sh [clicks=1000000] [setting=value ...]; JFR=1 records a profile in
# bench/target/aggregator.jfr (read it with `jfr print --events jdk.ExecutionSample`).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench -am
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
mkdir -p bench/target/aggregator-work
jfr=()
if [[ "${JFR:-0}" == 1 ]]; then jfr=(-XX:StartFlightRecording=filename=bench/target/aggregator.jfr,settings=${JFC:-profile}); fi
java -Xmx3g "${jfr[@]}" -Drivulet.work.dir=bench/target/aggregator-work -cp "$cp" io.rivulet.bench.AggregatorBench "$@" \
  2>bench/target/aggregator-bench.err | awk '!/ INFO / || /KafkaInputLog/'
