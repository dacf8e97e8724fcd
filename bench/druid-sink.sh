#!/usr/bin/env bash
# Druid sink on this machine: rows/s into a real Druid (the test kit's: coordinator-overlord, broker, historical,
# indexer as child JVMs) through Rivulet's DruidSinkConnector, from connector creation until Druid SQL counts every
# row, against one native batch task holding the same rows (Druid's ingestion without Kafka or Connect).
# Last line: ratio=<sink rows/s / native task rows/s>.
# Usage: bench/druid-sink.sh [rows=100000]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench,connectors/druid-sink,embedded/druid-dist -am
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
rm -rf bench/target/druid-sink-zips bench/target/druid-sink-work && mkdir -p bench/target/druid-sink-zips bench/target/druid-sink-work
cp connectors/druid-sink/target/plugin-zips/rivulet-druid-sink-*-plugin.zip bench/target/druid-sink-zips/
java -Xmx1g -Drivulet.work.dir=bench/target/druid-sink-work -Drivulet.druid.lib=embedded/druid-dist/target/druid-lib \
  -cp "$cp" io.rivulet.bench.DruidSinkBench bench/target/druid-sink-zips "$@" 2>bench/target/druid-sink-bench.err | grep -v ' INFO '
