package io.rivulet.aggregator;

import java.util.Optional;

import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Which ACL the aggregator's principal lacks, when a stream thread failed for want of one: Kafka's own messages
 * ("Transactional Id authorization failed.") name neither the resource nor the operation to grant.
 */
final class AccessDenied {
    private AccessDenied() {
    }

    static Optional<String> explain(Throwable failure, String applicationId) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransactionalIdAuthorizationException) {
                return Optional.of("the aggregator's principal may not use its transactional ids: exactly-once "
                        + "needs Write and Describe on TransactionalId prefixed '" + applicationId + "-'");
            }
            if (cause instanceof TopicAuthorizationException denied) {
                return Optional.of("the aggregator's principal is not allowed on topics " + denied.unauthorizedTopics()
                        + ": it needs Read and Describe on its inputs, Write and Describe on its outputs, and Read, "
                        + "Write, Describe, DescribeConfigs, Create and Delete on topics prefixed '" + applicationId
                        + "-'");
            }
            if (cause instanceof GroupAuthorizationException denied) {
                return Optional.of("the aggregator's principal may not use the consumer group '" + denied.groupId()
                        + "': it needs Read and Describe on Group '" + applicationId + "'");
            }
        }
        return Optional.empty();
    }
}
