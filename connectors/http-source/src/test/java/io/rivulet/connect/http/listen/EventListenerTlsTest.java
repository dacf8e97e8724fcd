package io.rivulet.connect.http.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rivulet.embedded.Ports;

/** The listener over HTTPS with a keystore made by the JDK's keytool; the client trusts that certificate only. */
class EventListenerTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsAndAnswers202OnceTheEventIsWritten() throws Exception {
        Path keystore = dir.resolve("listener.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process generate = new ProcessBuilder(keytool, "-genkeypair", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "listener", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2").inheritIO().start();
        assertEquals(0, generate.waitFor());

        int port = Ports.free();
        EventListener listener = EventListener.start(new EventListener.Settings("127.0.0.1", port, "/events", "",
                4096, 100, 10_000, 4, "event_id", "timestamp", keystore.toString(), "PKCS12", "changeit", ""));
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trusted.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();

            CompletableFuture<HttpResponse<String>> response = client.sendAsync(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + "/events"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"u-1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<ReceivedEvent> events = listener.take(10, 10_000);
            assertEquals(1, events.size());
            assertEquals("u-1", events.get(0).json().get("user_id").asText());
            events.get(0).request().eventWritten(false); // what commitRecord does once Kafka has it
            HttpResponse<String> answer = response.get(10, TimeUnit.SECONDS);
            assertEquals(202, answer.statusCode());
            assertEquals("{\"accepted\":1,\"invalid\":0}", answer.body());
        } finally {
            listener.stop();
        }
    }
}
