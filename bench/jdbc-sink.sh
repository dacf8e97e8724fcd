#!/usr/bin/env bash
# JDBC sinks on this machine: rows/s into PostgreSQL (fsync on) for the same records through Rivulet's
# JdbcSinkConnector and Debezium's JDBC sink on the same worker in the same run, and raw COPY of the same rows.
# Debezium's plugin archive comes from Maven Central through Maven's dependency plugin.
# Last line: ratio=<ours rows/s / Debezium rows/s>.
# Usage: bench/jdbc-sink.sh [rows=300000]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench,connectors/jdbc-sink,embedded/avro-converter -am
apicurio_version="$(sed -n 's:.*<apicurio.version>\(.*\)</apicurio.version>.*:\1:p' pom.xml)"
registry_zip="${MAVEN_REPO:-$HOME/.m2/repository}/io/apicurio/apicurio-registry-app/$apicurio_version/apicurio-registry-app-$apicurio_version-all.zip"
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
rm -rf bench/target/jdbc-sink-zips bench/target/debezium && mkdir -p bench/target/jdbc-sink-zips bench/target/debezium/plugins bench/target/jdbc-sink-work
cp connectors/jdbc-sink/target/plugin-zips/rivulet-jdbc-sink-*-plugin.zip \
  embedded/avro-converter/target/plugin-zips/rivulet-embedded-avro-converter-*-plugin.zip bench/target/jdbc-sink-zips/
mvn -B -q -ntp dependency:copy -Dartifact=io.debezium:debezium-connector-jdbc:3.6.0.Final:tar.gz:plugin \
  -DoutputDirectory=bench/target/debezium
tar xzf bench/target/debezium/debezium-connector-jdbc-3.6.0.Final-plugin.tar.gz -C bench/target/debezium/plugins
java -Xmx2g -Drivulet.work.dir=bench/target/jdbc-sink-work -Drivulet.registry.zip="$registry_zip" -cp "$cp" io.rivulet.bench.JdbcSinkBench \
  bench/target/jdbc-sink-zips bench/target/debezium/plugins "$@" 2>bench/target/jdbc-sink-bench.err | grep -v ' INFO '
