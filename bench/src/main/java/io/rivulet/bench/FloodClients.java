package io.rivulet.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop flood of the HTTP listener: each client posts an array of {@link #BATCH} valid clicks and the next
 * as soon as the last is answered, so the listener's acknowledgements set the rate and nothing is offered at a rate
 * of the bench's choosing. The clients speak HTTP/1.1 over plain keep-alive sockets, as a load generator such as wrk
 * does: the JDK's HttpClient would take much of the cores the listener is measured on.
 */
final class FloodClients {
    static final int BATCH = 100;

    /** What a flood did: events sent, events acknowledged (202), and requests refused (503 while the queue was full). */
    record Result(long sent, long acknowledged, long refused) {
    }

    private FloodClients() {
    }

    /**
     * {@code clients} clients post for {@code seconds} to {@code uri}, client c to port {@code uri.port + c % ports}
     * (task i of a listener listens on its port + i). Event ids start with {@code run}, so runs never repeat one.
     * {@code beforeStop} runs when the time is up, while the clients still run (to take figures of the flood).
     */
    static Result flood(URI uri, int ports, String run, int seconds, int clients, Runnable beforeStop)
            throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong threads = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients, task -> new Thread(task, "flood-client-"
                + threads.incrementAndGet()));
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.execute(() -> {
                try (Socket socket = new Socket(uri.getHost(), uri.getPort() + client % ports)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
                    StringBuilder body = new StringBuilder();
                    for (int r = 0; running.get(); r++) {
                        body.setLength(0);
                        body.append('[');
                        for (int e = 0; e < BATCH; e++) {
                            body.append(e == 0 ? "" : ",").append("{\"event_id\":\"").append(run).append('-')
                                    .append(client).append('-').append(r).append('-').append(e)
                                    .append("\",\"user_id\":\"u-").append((r * BATCH + e) % 1000)
                                    .append("\",\"page\":\"/product/").append(e).append("\",\"action\":\"click\","
                                            + "\"timestamp\":").append(System.currentTimeMillis()).append('}');
                        }
                        sent.addAndGet(BATCH);
                        if (post(uri, body.append(']').toString(), out, in) == 202) {
                            acked.addAndGet(BATCH);
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Thread.sleep(seconds * 1000L);
        beforeStop.run();
        running.set(false);
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return new Result(sent.get(), acked.get(), refused.get());
    }

    /** POSTs {@code json} over a kept-alive HTTP/1.1 connection and returns the answer's status. */
    static int post(URI uri, String json, OutputStream out, InputStream in) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        out.write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return readStatus(in);
    }

    /** Reads one HTTP/1.1 answer with a Content-Length body and returns its status. */
    private static int readStatus(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (b == '\n' && head.length() >= 4 && head.charAt(head.length() - 3) == '\n') {
                break;
            }
        }
        String text = head.toString();
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(text.substring(9, 12));
    }
}
