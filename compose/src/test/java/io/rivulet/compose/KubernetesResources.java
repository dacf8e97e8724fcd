package io.rivulet.compose;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Kubernetes resources as {@code kubectl kustomize} builds them from a kustomization, for the parts of kustomize
 * deploy/kubernetes and deploy/kubernetes-secure use: resources (files and bases), secret generators (created or
 * merged) and patches (strategic merge for Kubernetes' own kinds, lists of named items merged by name; JSON merge
 * for custom resources, lists replaced). No kustomize runs on the build machines; where kubectl does, the secured
 * overlay's test compares this with its output.
 */
final class KubernetesResources {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The typed model of each apiVersion/kind. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaConnect", KafkaConnect.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaConnector", KafkaConnector.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("v1/Secret", Secret.class));
    /** Lists a strategic merge patch merges by their items' names. */
    private static final Set<String> MERGED_BY_NAME = Set.of("containers", "initContainers", "env", "volumes",
            "volumeMounts", "ports");

    private KubernetesResources() {
    }

    /** The resources the kustomization in {@code dir} makes. */
    static List<ObjectNode> build(Path dir) throws IOException {
        JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(build(path));
            } else {
                resources.addAll(read(path));
            }
        }
        for (JsonNode generator : kustomization.path("secretGenerator")) {
            ObjectNode data = YAML.createObjectNode();
            for (JsonNode file : generator.path("files")) {
                data.put(Path.of(file.asText()).getFileName().toString(), Base64.getEncoder().encodeToString(
                        Files.readAllBytes(dir.resolve(file.asText()))));
            }
            for (JsonNode literal : generator.path("literals")) {
                String[] pair = literal.asText().split("=", 2);
                data.put(pair[0], Base64.getEncoder().encodeToString(pair[1].getBytes()));
            }
            String name = generator.path("name").asText();
            if (generator.path("behavior").asText("create").equals("merge")) {
                ((ObjectNode) find(resources, "Secret", name).get("data")).setAll(data);
            } else {
                ObjectNode secret = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
                secret.putObject("metadata").put("name", name);
                secret.put("type", "Opaque").set("data", data);
                resources.add(secret);
            }
        }
        for (JsonNode entry : kustomization.path("patches")) {
            for (ObjectNode patch : read(dir.resolve(entry.path("path").asText()))) {
                ObjectNode target = find(resources, patch.path("kind").asText(), patch.path("metadata")
                        .path("name").asText());
                boolean custom = patch.path("apiVersion").asText().contains(".io/")
                        || patch.path("apiVersion").asText().contains(".sh/");
                merge(target, patch, !custom);
            }
        }
        return resources;
    }

    /** The resources of {@code model}'s apiVersion and kind, read into it. */
    static <T> List<T> all(List<? extends JsonNode> resources, Class<T> model) {
        List<T> found = new ArrayList<>();
        for (JsonNode resource : resources) {
            String type = resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
            if (MODELS.get(type) == model) {
                found.add(YAML.convertValue(resource, model));
            }
        }
        return found;
    }

    /** The one resource of {@code model}'s kind. */
    static <T> T one(List<? extends JsonNode> resources, Class<T> model) {
        List<T> found = all(resources, model);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " resources of kind " + model.getSimpleName() + ", not one");
        }
        return found.get(0);
    }

    static ObjectNode find(List<ObjectNode> resources, String kind, String name) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)
                        && r.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " to patch or merge into"));
    }

    private static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject() && !doc.isEmpty()) {
                    docs.add((ObjectNode) doc);
                }
            }
        }
        return docs;
    }

    private static void merge(ObjectNode target, JsonNode patch, boolean strategic) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode current = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (current != null && current.isObject() && value.isObject()) {
                merge((ObjectNode) current, value, strategic);
            } else if (strategic && current != null && current.isArray() && value.isArray()
                    && MERGED_BY_NAME.contains(field.getKey())) {
                mergeByName((ArrayNode) current, value, strategic);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static void mergeByName(ArrayNode items, JsonNode patch, boolean strategic) {
        for (JsonNode item : patch) {
            ObjectNode existing = null;
            for (JsonNode candidate : items) {
                if (candidate.path("name").equals(item.path("name"))) {
                    existing = (ObjectNode) candidate;
                }
            }
            if (existing == null) {
                items.add(item.deepCopy());
            } else {
                merge(existing, item, strategic);
            }
        }
    }

    /**
     * Fields the models kept aside as unknown (their {@code additionalProperties}), anywhere in the resource: a
     * misspelt or misplaced field that Kubernetes or Strimzi would reject or, worse, ignore.
     */
    static void unknownFields(Object value, String path, List<String> unknown)
            throws InvocationTargetException, IllegalAccessException {
        if (value == null) {
            return;
        }
        if (value instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.kubernetes.api.model.") && !type.startsWith("io.strimzi.api.")) {
            return; // strings, numbers, and free-form maps such as a connector's config
        }
        for (Method getter : value.getClass().getMethods()) {
            boolean isGetter = getter.getParameterCount() == 0 && !Modifier.isStatic(getter.getModifiers())
                    && (getter.getName().startsWith("get") || getter.getName().startsWith("is"))
                    && !getter.getName().equals("getClass");
            if (!isGetter) {
                continue;
            }
            Object field = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else if (field != value) {
                unknownFields(field, path + "." + getter.getName().replaceFirst("^(get|is)", ""), unknown);
            }
        }
    }

}
