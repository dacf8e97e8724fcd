package io.rivulet.embedded.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.embedded.RestCallException;
import io.rivulet.embedded.SchemaRegistryClient;
import io.rivulet.embedded.SchemaRegistryServer;
import io.rivulet.schemas.AvroSchemas;
import io.rivulet.schemas.Topics;

/** Compatibility rules as a Confluent-compatible registry enforces them on the project's own schemas. */
@Tag("integration")
class SchemaRegistryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SchemaRegistryServer server;
    private static SchemaRegistryClient registry;

    @BeforeAll
    static void startRegistry() {
        server = SchemaRegistryServer.start();
        registry = server.client();
    }

    @AfterAll
    static void stopRegistry() {
        server.close();
    }

    /** {@code schema} with one more field: required (no default) or optional with a default. */
    static String withExtraField(String schema, String field, boolean withDefault) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(schema);
        ObjectNode extra = JSON.createObjectNode().put("name", field);
        if (withDefault) {
            extra.set("type", JSON.createArrayNode().add("null").add("string"));
            extra.putNull("default");
        } else {
            extra.put("type", "string");
        }
        ((ArrayNode) root.get("fields")).add(extra);
        return JSON.writeValueAsString(root);
    }

    @Test
    void fullCompatibilityAcceptsPromoCodeAndRejectsARequiredField() throws Exception {
        String subject = Topics.valueSubject(Topics.ORDERS_CREATED);
        registry.setCompatibility(subject, "FULL");
        assertEquals("FULL", registry.compatibility(subject));

        int v1 = registry.register(subject, AvroSchemas.ORDER_V1.json());
        int v2 = registry.register(subject, AvroSchemas.ORDER_V2.json());
        assertNotEquals(v1, v2);
        assertEquals(List.of(1, 2), registry.versions(subject));
        JsonNode stored = JSON.readTree(registry.schemaById(v2));
        assertEquals("promo_code", stored.get("fields").get(5).get("name").asText());

        RestCallException rejected = assertThrows(RestCallException.class, () -> registry.register(subject,
                withExtraField(AvroSchemas.ORDER_V2.json(), "channel", false)));
        assertEquals(409, rejected.status(), rejected.getMessage());
        assertEquals(List.of(1, 2), registry.versions(subject), "a rejected schema is not stored");
    }

    @Test
    void backwardCompatibilityAcceptsAnOptionalFieldAndRejectsARequiredOne() throws Exception {
        String subject = Topics.valueSubject(Topics.CLICKSTREAM_EVENTS);
        registry.setCompatibility(subject, "BACKWARD");
        assertEquals("BACKWARD", registry.compatibility(subject));

        registry.register(subject, AvroSchemas.CLICK.json());
        registry.register(subject, withExtraField(AvroSchemas.CLICK.json(), "segment", true));
        RestCallException rejected = assertThrows(RestCallException.class, () -> registry.register(subject,
                withExtraField(AvroSchemas.CLICK.json(), "referrer", false)));
        assertEquals(409, rejected.status(), rejected.getMessage());
        assertTrue(registry.versions(subject).size() == 2);
    }

    @Test
    void aDurableRegistryKeepsEverySchemaUnderItsIdAcrossARestart() throws Exception {
        try (SchemaRegistryServer durable = SchemaRegistryServer.startDurable()) {
            SchemaRegistryClient client = durable.client();
            String subject = Topics.valueSubject(Topics.ORDERS_CREATED);
            int v1 = client.register(subject, AvroSchemas.ORDER_V1.json());
            int v2 = client.register(subject, AvroSchemas.ORDER_V2.json());
            durable.stop();
            assertThrows(RuntimeException.class, () -> client.schemaById(v1), "a stopped registry answers nothing");
            durable.restart();
            assertEquals(List.of(1, 2), client.versions(subject));
            assertEquals(JSON.readTree(AvroSchemas.ORDER_V1.json()), JSON.readTree(client.schemaById(v1)));
            assertEquals(JSON.readTree(AvroSchemas.ORDER_V2.json()), JSON.readTree(client.schemaById(v2)));
            assertEquals(v2, client.register(subject, AvroSchemas.ORDER_V2.json()), "the same id again");
        }
    }
}
