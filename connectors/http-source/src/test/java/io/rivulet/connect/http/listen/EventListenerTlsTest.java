package io.rivulet.connect.http.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rivulet.connect.http.TestKeystore;

/**
 * The listener over HTTPS with a keystore made by the JDK's keytool; the client trusts that certificate only, and
 * gets HTTP/2 or HTTP/1.1 as it asks by ALPN.
 */
class EventListenerTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithHttp2AndHttp11() throws Exception {
        TestKeystore keystore = TestKeystore.create(dir.resolve("listener.p12"));
        TestListener listener = TestListener.start(Map.of("listener.ssl.keystore.location",
                keystore.file().toString(), "listener.ssl.keystore.password", TestKeystore.PASSWORD));
        try {
            SSLContext tls = keystore.trustingClient();
            for (HttpClient.Version version : HttpClient.Version.values()) {
                HttpClient client = HttpClient.newBuilder().sslContext(tls).version(version).build();
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + listener.port + "/events"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"u-" + version + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, answer.statusCode());
                assertEquals(version, answer.version(), "ALPN offers HTTP/2 and HTTP/1.1");
                assertEquals("{\"accepted\":1,\"invalid\":0,\"duplicates\":0}", answer.body());
            }
            assertEquals(List.of("u-HTTP_1_1", "u-HTTP_2"), listener.written.stream()
                    .map(event -> event.get("user_id").asText()).toList());
        } finally {
            listener.close();
        }
    }
}
