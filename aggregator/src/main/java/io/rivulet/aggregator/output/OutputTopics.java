package io.rivulet.aggregator.output;

import java.util.Map;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

import io.rivulet.aggregator.AggregatorConfig;

/** Sends each output record to its topic by the name of its value schema. */
public final class OutputTopics implements TopicNameExtractor<SchemaAndValue, SchemaAndValue> {
    private final Map<String, String> topicBySchema;

    public OutputTopics(AggregatorConfig config) {
        topicBySchema = Map.of(
                OutputSchemas.SALES.name(), config.getString(AggregatorConfig.SALES_TOPIC_CONFIG),
                OutputSchemas.ACTIVE_USERS.name(), config.getString(AggregatorConfig.ACTIVE_USERS_TOPIC_CONFIG),
                OutputSchemas.FUNNEL.name(), config.getString(AggregatorConfig.FUNNEL_TOPIC_CONFIG),
                OutputSchemas.LATE.name(), config.getString(AggregatorConfig.LATE_TOPIC_CONFIG));
    }

    @Override
    public String extract(SchemaAndValue key, SchemaAndValue value, RecordContext context) {
        String topic = topicBySchema.get(value.schema().name());
        if (topic == null) {
            throw new IllegalStateException("No output topic for " + value.schema().name());
        }
        return topic;
    }

    public Iterable<String> all() {
        return topicBySchema.values();
    }
}
