package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class AccessDeniedTest {
    @Test
    void namesTheResourceAndTheOperationsToGrantForEachDenial() {
        String txn = AccessDenied.explain(new StreamsException("Error encountered trying to initialize transactions",
                new TransactionalIdAuthorizationException("Transactional Id authorization failed.")), "agg")
                .orElseThrow();
        assertTrue(txn.contains("Write and Describe on TransactionalId prefixed 'agg-'"), txn);

        String topics = AccessDenied.explain(new KafkaException(new TopicAuthorizationException(Set.of("in"))), "agg")
                .orElseThrow();
        assertTrue(topics.contains("not allowed on topics [in]"), topics);

        String group = AccessDenied.explain(new GroupAuthorizationException("denied", "agg"), "agg").orElseThrow();
        assertTrue(group.contains("consumer group 'agg'") && group.contains("Read and Describe on Group 'agg'"),
                group);
    }

    @Test
    void saysNothingAboutOtherFailures() {
        assertEquals(Optional.empty(), AccessDenied.explain(new IllegalStateException("disk full"), "agg"));
    }
}
