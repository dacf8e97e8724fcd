#!/usr/bin/env bash
# HTTP source on this machine: pull throughput into Kafka (one task, then two endpoints on two tasks), a trivial
# source connector making the same order Structs in memory, with the same converter and settings (one task; pull and
# trivial in three rounds after a warm-up of each, the median round by ratio reported), and a
# bare KafkaProducer (same broker, record size and producer settings, same run). The listener has its own:
# bench/listener.sh.
# Last line: ratio=<pull records/s, one task / trivial connector records/s>: our own cost on top of Connect's.
# Usage: bench/http-source.sh [orders=1000000]; JFR=1 records a profile in bench/target/http-source.jfr (JFC=<settings>)
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench,connectors/http-source,testkit/test-plugin -am
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
rm -rf bench/target/http-source-zips && mkdir -p bench/target/http-source-work bench/target/http-source-zips
cp connectors/http-source/target/plugin-zips/*.zip testkit/test-plugin/target/plugin-zips/*.zip bench/target/http-source-zips/
jfr=()
if [[ "${JFR:-0}" == 1 ]]; then jfr=(-XX:StartFlightRecording=filename=bench/target/http-source.jfr,settings=${JFC:-profile}); fi
java "${jfr[@]}" -Xmx6g -Drivulet.work.dir=bench/target/http-source-work -cp "$cp" io.rivulet.bench.HttpSourceBench \
  bench/target/http-source-zips "$@" 2>bench/target/http-source-bench.err | grep -v ' INFO '
