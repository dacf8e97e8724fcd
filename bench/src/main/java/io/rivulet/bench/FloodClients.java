package io.rivulet.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

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
        AtomicBoolean running = new AtomicBoolean(true);
        Flood flood = new Flood(uri, ports, run, clients, running::get, false);
        Thread.sleep(seconds * 1000L);
        beforeStop.run();
        running.set(false);
        return flood.await();
    }

    /**
     * {@code clients} clients post {@code events} events in all (rounded up to whole arrays), as fast as they are
     * acknowledged: a fixed volume, so an array refused while the queue is full (503) is posted again after 10 ms.
     */
    static Result floodVolume(URI uri, int ports, String run, long events, int clients) throws InterruptedException {
        AtomicLong arrays = new AtomicLong((events + BATCH - 1) / BATCH);
        return new Flood(uri, ports, run, clients, () -> arrays.getAndDecrement() > 0, true).await();
    }

    /** The clients of one flood, each on its own keep-alive connection, posting while {@code more} says so. */
    private static final class Flood {
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong acked = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicReference<Exception> failed = new AtomicReference<>();
        private final ExecutorService pool;

        Flood(URI uri, int ports, String run, int clients, BooleanSupplier more, boolean retryRefused) {
            AtomicLong threads = new AtomicLong();
            pool = Executors.newFixedThreadPool(clients, task -> new Thread(task, "flood-client-"
                    + threads.incrementAndGet()));
            for (int c = 0; c < clients; c++) {
                int client = c;
                pool.execute(() -> {
                    try (Socket socket = new Socket(uri.getHost(), uri.getPort() + client % ports)) {
                        socket.setTcpNoDelay(true);
                        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
                        InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
                        for (int r = 0; more.getAsBoolean(); r++) {
                            String body = clicks(run, client, r);
                            while (true) {
                                sent.addAndGet(BATCH);
                                if (post(uri, body, out, in) == 202) {
                                    acked.addAndGet(BATCH);
                                    break;
                                }
                                refused.incrementAndGet();
                                if (!retryRefused) {
                                    break;
                                }
                                Thread.sleep(10);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        failed.compareAndSet(null, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }

        Result await() throws InterruptedException {
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("flood clients still posting after 10 minutes");
            }
            if (failed.get() != null) {
                throw new IllegalStateException("a flood client failed: " + failed.get(), failed.get());
            }
            return new Result(sent.get(), acked.get(), refused.get());
        }
    }

    /** Array {@code r} of {@code client}: {@link #BATCH} valid clicks of 1,000 users, stamped now. */
    private static String clicks(String run, int client, int r) {
        StringBuilder body = new StringBuilder(BATCH * 120).append('[');
        long now = System.currentTimeMillis();
        for (int e = 0; e < BATCH; e++) {
            body.append(e == 0 ? "" : ",").append("{\"event_id\":\"").append(run).append('-')
                    .append(client).append('-').append(r).append('-').append(e)
                    .append("\",\"user_id\":\"u-").append((r * BATCH + e) % 1000)
                    .append("\",\"page\":\"/product/").append(e).append("\",\"action\":\"click\","
                            + "\"timestamp\":").append(now).append('}');
        }
        return body.append(']').toString();
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
