package io.rivulet.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Least-privilege ACL sets for the principals of a Connect cluster and a Kafka Streams application, as Kafka's
 * documentation lists them (Connect's exactly-once source ACL requirements, Streams' security section): each
 * principal may touch only its own topics, group and transactional ids. The same sets are written out as
 * {@code kafka-acls} commands in docs/security.md.
 */
public final class Acls {
    private final String principal;
    private final List<AclBinding> bindings = new ArrayList<>();

    private Acls(String user) {
        this.principal = "User:" + user;
    }

    /** An empty set for {@code user}, to add to. */
    public static Acls forUser(String user) {
        return new Acls(user);
    }

    /**
     * A Connect worker of group {@code groupId} whose internal topics start with {@code internalTopicPrefix}: the
     * group, its config, offset and status topics (created by the worker), and under exactly-once source support
     * the config topic's transactional id {@code connect-cluster-<groupId>}.
     */
    public static Acls connectWorker(String user, String groupId, String internalTopicPrefix) {
        return forUser(user)
                .allow(ResourceType.GROUP, groupId, PatternType.LITERAL, AclOperation.READ)
                .allow(ResourceType.TOPIC, internalTopicPrefix, PatternType.PREFIXED, AclOperation.READ,
                        AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.CREATE)
                .allow(ResourceType.TRANSACTIONAL_ID, "connect-cluster-" + groupId, PatternType.LITERAL,
                        AclOperation.WRITE, AclOperation.DESCRIBE);
    }

    /**
     * An exactly-once source connector's own principal (through {@code producer.override.} and
     * {@code admin.override.} settings): write its topics, read and write the offsets topic, and its tasks'
     * transactional ids {@code <groupId>-<connector>-<task>}.
     */
    public static Acls sourceConnector(String user, String groupId, String connector, String offsetsTopic,
                                       List<String> topics) {
        Acls acls = forUser(user)
                .allow(ResourceType.TRANSACTIONAL_ID, groupId + "-" + connector + "-", PatternType.PREFIXED,
                        AclOperation.WRITE, AclOperation.DESCRIBE)
                .allow(ResourceType.TOPIC, offsetsTopic, PatternType.LITERAL, AclOperation.READ, AclOperation.WRITE,
                        AclOperation.DESCRIBE);
        topics.forEach(topic -> acls.allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE,
                AclOperation.DESCRIBE));
        return acls;
    }

    /**
     * A sink connector's own principal (through {@code consumer.override.}, and {@code producer.override.} and
     * {@code admin.override.} for its dead letter queue): its consumer group {@code connect-<connector>}, read its
     * topics, write its dead letter queue.
     */
    public static Acls sinkConnector(String user, String connector, List<String> topics, String deadLetterTopic) {
        Acls acls = forUser(user).allow(ResourceType.GROUP, "connect-" + connector, PatternType.LITERAL,
                AclOperation.READ);
        topics.forEach(topic -> acls.allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ,
                AclOperation.DESCRIBE));
        if (deadLetterTopic == null || deadLetterTopic.isEmpty()) {
            return acls; // no dead letter queue
        }
        return acls.allow(ResourceType.TOPIC, deadLetterTopic, PatternType.LITERAL, AclOperation.WRITE,
                AclOperation.DESCRIBE);
    }

    /**
     * A Kafka Streams application with exactly-once: its group, read its inputs, write its outputs (created by the
     * administrator beforehand), everything on its internal topics ({@code <applicationId>-...}: repartition and changelog topics
     * are created, read, written and purged), and its transactional ids, which start with the application id.
     */
    public static Acls streamsApplication(String user, String applicationId, List<String> inputs,
                                          List<String> outputs) {
        Acls acls = forUser(user)
                .allow(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ,
                        AclOperation.DESCRIBE)
                .allow(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, AclOperation.READ,
                        AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.CREATE,
                        AclOperation.DELETE)
                .allow(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED, AclOperation.WRITE,
                        AclOperation.DESCRIBE);
        inputs.forEach(topic -> acls.allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ,
                AclOperation.DESCRIBE));
        outputs.forEach(topic -> acls.allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE,
                AclOperation.DESCRIBE));
        return acls;
    }

    /**
     * Confluent's Schema Registry with its Kafka store: read and write its store topic (created by the
     * administrator, compacted; DescribeConfigs because the registry checks that), and its groups, which start
     * with {@code groupPrefix} (the leader election's {@code schema.registry.group.id} and the store reader's
     * {@code kafkastore.group.id}, derived from it).
     */
    public static Acls schemaRegistry(String user, String storeTopic, String groupPrefix) {
        return forUser(user)
                .allow(ResourceType.TOPIC, storeTopic, PatternType.LITERAL, AclOperation.READ, AclOperation.WRITE,
                        AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)
                .allow(ResourceType.GROUP, groupPrefix, PatternType.PREFIXED, AclOperation.READ,
                        AclOperation.DESCRIBE);
    }

    /**
     * A reader of a consumer group's lag, such as KEDA's Kafka scaler: the group's committed offsets and the topics'
     * end offsets, both {@code Describe}, and nothing else.
     */
    public static Acls lagReader(String user, String groupId, List<String> topics) {
        Acls acls = forUser(user).allow(ResourceType.GROUP, groupId, PatternType.LITERAL, AclOperation.DESCRIBE);
        topics.forEach(topic -> acls.allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        return acls;
    }

    /** Adds {@code operations} on the resources the pattern names. */
    public Acls allow(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
        ResourcePattern resource = new ResourcePattern(type, name, pattern);
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(resource, new AccessControlEntry(principal, "*", operation,
                    AclPermissionType.ALLOW)));
        }
        return this;
    }

    /** The same set without its ACLs on resources of {@code type} (to show what their absence does). */
    public Acls without(ResourceType type) {
        Acls fewer = new Acls(principal.substring("User:".length()));
        bindings.stream().filter(b -> b.pattern().resourceType() != type).forEach(fewer.bindings::add);
        return fewer;
    }

    /** The principal, {@code User:<name>}. */
    public String principal() {
        return principal;
    }

    public List<AclBinding> bindings() {
        return List.copyOf(bindings);
    }

    /** The set as {@code kafka-acls} commands, one per resource with its operations, for the docs and operators. */
    public List<String> commands(String bootstrap) {
        Map<ResourcePattern, List<String>> operations = new LinkedHashMap<>();
        for (AclBinding binding : bindings) {
            operations.computeIfAbsent(binding.pattern(), p -> new ArrayList<>())
                    .add(cliName(binding.entry().operation()));
        }
        List<String> commands = new ArrayList<>();
        operations.forEach((resource, names) -> {
            String option = switch (resource.resourceType()) {
                case TOPIC -> "--topic";
                case GROUP -> "--group";
                case TRANSACTIONAL_ID -> "--transactional-id";
                default -> throw new IllegalArgumentException("no kafka-acls option for " + resource);
            };
            StringBuilder command = new StringBuilder("kafka-acls --bootstrap-server " + bootstrap
                    + " --command-config admin.properties --add --allow-principal " + principal);
            names.forEach(name -> command.append(" --operation ").append(name));
            command.append(' ').append(option).append(' ').append(resource.name());
            if (resource.patternType() == PatternType.PREFIXED) {
                command.append(" --resource-pattern-type prefixed");
            }
            commands.add(command.toString());
        });
        return commands;
    }

    /** The operation as kafka-acls (and Strimzi's KafkaUser) writes it: DESCRIBE_CONFIGS is DescribeConfigs. */
    public static String cliName(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.toString();
    }
}
