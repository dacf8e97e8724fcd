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
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener over HTTPS with a keystore made by the JDK's keytool; the client trusts that certificate only, and
 * gets HTTP/2 or HTTP/1.1 as it asks by ALPN.
 */
class EventListenerTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithHttp2AndHttp11() throws Exception {
        Path keystore = dir.resolve("listener.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process generate = new ProcessBuilder(keytool, "-genkeypair", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "listener", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2").inheritIO().start();
        assertEquals(0, generate.waitFor());

        TestListener listener = TestListener.start(Map.of("listener.ssl.keystore.location", keystore.toString(),
                "listener.ssl.keystore.password", "changeit"));
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trusted.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
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
