#!/usr/bin/env bash
# The aggregator on this machine, against baselines measured in the same run on the same topics (6 partitions): a
# bare KafkaConsumer; then, each in a JVM of its own (as deployed: JIT, heap and GC not shared with the broker's,
# which runs in its own JVM too, or with the other apps'), started once and paused between rounds, a trivial Kafka
# Streams exactly-once app (count records), the same app also parsing each value as the aggregator does (the ceiling
# of the ratio) and the aggregator with 1 and with 2 stream threads. Each round adds a minute of clicks from the same
# 1M users plus orders, and each app reads it in turn; four rounds warm the JIT up, nine are measured (the median
# round by ratio is reported, and each round's CPU time per event of the trivial app and the aggregator). Then the
# state per user, a new instance restoring the open minute from the inputs, and on live traffic the time from a
# window's close to its row (p50, p99).
# Last line: ratio=<aggregator with 1 thread / trivial Streams app>.
# Usage: bench/aggregator.sh [clicks=1000000] [setting=value ...]; JFR=1 records each app's profile in
# bench/target/{trivial,parsing,aggregator}.jfr (read them with `jfr print --events jdk.ExecutionSample`);
# APP_JVM_OPTIONS adds JVM options to the apps' JVMs (e.g. a profiler agent).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench -am
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
mkdir -p bench/target/aggregator-work
jfr=()
if [[ "${JFR:-0}" == 1 ]]; then jfr=(-Dbench.jfr.settings="${JFC:-profile}"); fi
java -Xmx2g "${jfr[@]}" -Dbench.app.jvm.options="${APP_JVM_OPTIONS:-}" -Drivulet.work.dir=bench/target/aggregator-work -cp "$cp" io.rivulet.bench.AggregatorBench "$@" \
  2>bench/target/aggregator-bench.err | awk '!/ INFO / || /KafkaInputLog/'
