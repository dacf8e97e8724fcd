#!/usr/bin/env bash
# The pipeline spread over processes, as on a bigger machine: one broker, N Connect workers (the listener and pull
# connectors with Validate and RedisEnrich, the JDBC sink), M aggregator instances and K load clients posting clicks,
# plus a pull stub serving the shop APIs, each a child JVM; Redis and PostgreSQL as processes. After a warm-up round it
# sends a fixed volume and prints events/s per stage, POST-to-topic and window-close-to-row latency under that load,
# the cores each process used, and last ratio=<pipeline events/s / bare producers events/s>, the baseline being K
# KafkaProducer JVMs writing as many events to a topic of as many partitions in the same run.
# Without options the configuration follows this machine's cores (2 cores: one of each, 1M events, under 5 minutes);
# on a bigger machine: bench/scale.sh --cores 16, or set any figure (--help lists them):
#   bench/scale.sh --workers 4 --listener-tasks 8 --pull-endpoints 2 --aggregators 3 --clients 4 --partitions 12
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench,local -am
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
rm -rf bench/target/scale-work && mkdir -p bench/target/scale-work
if ! java -Xmx1g ${BENCH_OPTS:-} -Drivulet.work.dir=bench/target/scale-work -cp "$cp" io.rivulet.bench.ScaleBench \
  local/target/plugin-zips connect-configs "$@" 2>bench/target/scale-bench.err | grep -v -E ' INFO | WARN  NetworkClient '; then
  echo "bench/scale.sh failed; the last lines of bench/target/scale-bench.err (the processes' logs are under bench/target/scale-work):" >&2
  grep -v -E ' (INFO|DEBUG) ' bench/target/scale-bench.err | tail -15 >&2
  exit 1
fi
