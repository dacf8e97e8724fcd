package io.rivulet.embedded;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

/** The Confluent Schema Registry REST calls tests make: compatibility levels, registration, lookups. */
public final class SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final URI base;
    private final JsonHttp http = new JsonHttp(CONTENT_TYPE, Duration.ofSeconds(30));

    public SchemaRegistryClient(URI base) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
    }

    public boolean isReady() {
        try {
            return http.send("GET", base.resolve("subjects"), null).ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code PUT /config/{subject}}, e.g. {@code BACKWARD} or {@code FULL}. */
    public void setCompatibility(String subject, String level) {
        http.send("PUT", base.resolve("config/" + enc(subject)), Map.of("compatibility", level)).orThrow();
    }

    /** {@code GET /config/{subject}}: the subject's own level. */
    public String compatibility(String subject) {
        Map<String, String> config = http.send("GET", base.resolve("config/" + enc(subject)), null).orThrow()
                .as(new TypeReference<>() { });
        return config.getOrDefault("compatibilityLevel", config.get("compatibility"));
    }

    /** Registers an Avro schema under a subject and returns its id; a rejected schema throws with the status. */
    public int register(String subject, String avroSchema) {
        Map<String, Object> answer = http.send("POST", base.resolve("subjects/" + enc(subject) + "/versions"),
                Map.of("schema", avroSchema)).orThrow().as(new TypeReference<>() { });
        return ((Number) answer.get("id")).intValue();
    }

    public List<Integer> versions(String subject) {
        return http.send("GET", base.resolve("subjects/" + enc(subject) + "/versions"), null).orThrow()
                .as(new TypeReference<>() { });
    }

    /** The schema text behind an id, as a deserializer looks it up. */
    public String schemaById(int id) {
        Map<String, Object> answer = http.send("GET", base.resolve("schemas/ids/" + id), null).orThrow()
                .as(new TypeReference<>() { });
        return (String) answer.get("schema");
    }

    public void deleteSubject(String subject) {
        http.send("DELETE", base.resolve("subjects/" + enc(subject)), null).orThrow();
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
