#!/usr/bin/env bash
# The secured compose stack's one-shot `kafka-setup` service (docker-compose.secure.yml), run as the cluster's
# administrator (its client certificate, on the broker's TLS listener) once the broker is healthy: creates every
# topic (no principal of the pipeline may create topics), a SCRAM-SHA-512 user for each password the kafka-secrets
# service made, and each principal's ACLs (docs/security.md). Safe to run again.
set -euo pipefail
cd /etc/kafka/secrets
BOOTSTRAP=kafka:9094

# topic NAME PARTITIONS [CONFIG]
topic() {
  kafka-topics --bootstrap-server $BOOTSTRAP --command-config admin.properties --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1 ${3:+--config "$3"}
}
topic ecommerce.orders.created 4
topic clickstream.events 4
topic ecommerce.orders.created.invalid 1
topic clickstream.events.invalid 1
topic analytics.sales_per_minute 1
topic analytics.active_users_per_minute 1
topic analytics.funnel_per_minute 1
topic analytics.late_events 1
topic analytics.aggregator.errors 1
topic analytics.jdbc-sink.dlq 1
topic _schemas 1 cleanup.policy=compact

for user in users/*; do
  kafka-configs --bootstrap-server $BOOTSTRAP --command-config admin.properties --alter --entity-type users \
    --entity-name "$(basename "$user")" --add-config "SCRAM-SHA-512=[password=$(cat "$user")]"
done

# ACLs: generated from the code the tests grant them with (SecuredStack, Acls), as in docs/security.md.
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:connect --operation Read --group rivulet-connect
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:connect --operation Read --operation Write --operation Describe --operation DescribeConfigs --operation Create --topic _rivulet-connect- --resource-pattern-type prefixed
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:connect --operation Write --operation Describe --transactional-id connect-cluster-rivulet-connect
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:orders-http-source --operation Write --operation Describe --transactional-id rivulet-connect-orders-http-source- --resource-pattern-type prefixed
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:orders-http-source --operation Read --operation Write --operation Describe --topic _rivulet-connect-offsets
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:orders-http-source --operation Write --operation Describe --topic ecommerce.orders.created
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:orders-http-source --operation Write --operation Describe --topic ecommerce.orders.created.invalid
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:clicks-http-listener --operation Write --operation Describe --transactional-id rivulet-connect-clicks-http-listener- --resource-pattern-type prefixed
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:clicks-http-listener --operation Read --operation Write --operation Describe --topic _rivulet-connect-offsets
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:clicks-http-listener --operation Write --operation Describe --topic clickstream.events
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:clicks-http-listener --operation Write --operation Describe --topic clickstream.events.invalid
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:analytics-jdbc-sink --operation Read --group connect-analytics-jdbc-sink
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:analytics-jdbc-sink --operation Read --operation Describe --topic analytics.sales_per_minute
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:analytics-jdbc-sink --operation Read --operation Describe --topic analytics.active_users_per_minute
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:analytics-jdbc-sink --operation Read --operation Describe --topic analytics.funnel_per_minute
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:analytics-jdbc-sink --operation Write --operation Describe --topic analytics.jdbc-sink.dlq
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:analytics-druid-sink --operation Read --group connect-analytics-druid-sink
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:analytics-druid-sink --operation Read --operation Describe --topic analytics.sales_per_minute
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:analytics-druid-sink --operation Read --operation Describe --topic analytics.active_users_per_minute
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:analytics-druid-sink --operation Read --operation Describe --topic analytics.funnel_per_minute
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Read --operation Describe --group rivulet-aggregator
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Read --operation Write --operation Describe --operation DescribeConfigs --operation Create --operation Delete --topic rivulet-aggregator- --resource-pattern-type prefixed
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Write --operation Describe --transactional-id rivulet-aggregator- --resource-pattern-type prefixed
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Read --operation Describe --topic ecommerce.orders.created
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Read --operation Describe --topic clickstream.events
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Write --operation Describe --topic analytics.sales_per_minute
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Write --operation Describe --topic analytics.active_users_per_minute
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Write --operation Describe --topic analytics.funnel_per_minute
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Write --operation Describe --topic analytics.late_events
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:aggregator --operation Write --operation Describe --topic analytics.aggregator.errors
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:schema-registry --operation Read --operation Write --operation Describe --operation DescribeConfigs --topic _schemas
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:schema-registry --operation Read --operation Describe --group schema-registry --resource-pattern-type prefixed
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:kafka-exporter --operation Describe --group *
kafka-acls --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal User:kafka-exporter --operation Describe --topic *
# end of ACLs
echo "kafka-setup: topics, users and ACLs are in place"
