#!/usr/bin/env bash
# The HTTP listener in a worker on this machine: single-event POSTs at a fixed rate for POST-to-202 and POST-to-topic
# latency, then five rounds of a flood of clients posting arrays of 100 events as fast as they are acknowledged and a
# bare KafkaProducer sending records of the same size with the same settings for as long (the median round by ratio is
# reported). The broker runs in a JVM of its own, the worker and the bare producer in the bench's.
# Last line: ratio=<listener acknowledged events/s / bare producer events/s>.
# Usage: bench/listener.sh [flood seconds per round=10] [latency rate/s=1000] [latency seconds=20] [flood tasks=1];
# JFR=1 records a profile in bench/target/listener.jfr (JFC=<settings file> for other settings than `profile`);
# BENCH_OPTS="-Dbench.listener.<key>=<value>" sets a key of the listener connectors' configs (e.g.
# listener.dedup.window.ms=0 to see what dedup costs).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench,connectors/http-source -am
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
rm -rf bench/target/listener-zips && mkdir -p bench/target/listener-work bench/target/listener-zips
cp connectors/http-source/target/plugin-zips/*.zip bench/target/listener-zips/
jfr=()
if [[ "${JFR:-0}" == 1 ]]; then jfr=(-XX:StartFlightRecording=filename=bench/target/listener.jfr,settings=${JFC:-profile}); fi
java -Xmx3g "${jfr[@]}" ${BENCH_OPTS:-} -Drivulet.work.dir=bench/target/listener-work -cp "$cp" io.rivulet.bench.ListenerBench \
  bench/target/listener-zips "$@" 2>bench/target/listener-bench.err | grep -v ' INFO '
