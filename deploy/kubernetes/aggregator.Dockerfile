# The aggregator's image for deploy/kubernetes/aggregator.yaml. Build from the repository root after `mvn package`:
#   docker build -f deploy/kubernetes/aggregator.Dockerfile -t registry.example.com/rivulet/aggregator:0.1.0-SNAPSHOT .
# Confluent's Connect image brings Java and Confluent's Avro converter (/usr/share/java/kafka-serde-tools), which the
# aggregator reads the Avro inputs with.
FROM confluentinc/cp-kafka-connect:8.0.0
COPY aggregator/target/rivulet-aggregator-0.1.0-SNAPSHOT-all.jar /opt/rivulet/aggregator.jar
COPY monitoring/target/jmx_prometheus_javaagent.jar /opt/jmx-exporter/jmx_prometheus_javaagent.jar
