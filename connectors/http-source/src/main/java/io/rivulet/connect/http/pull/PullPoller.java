package io.rivulet.connect.http.pull;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.common.Backoff;
import io.rivulet.common.MBeans;
import io.rivulet.connect.http.HttpAnswers;
import io.rivulet.connect.http.HttpPullSourceConfig;
import io.rivulet.connect.http.Poller;
import io.rivulet.connect.http.RecordFactory;

/**
 * Pulls the endpoints assigned to a task: one page per read, round robin over endpoints that have news, waiting
 * poll.interval.ms once an endpoint has none, longer (up to poll.interval.max.ms) while it keeps having none. Transient failures are retried with backoff; a permanent one, or too
 * many retries, fails the task without committing anything past the last written record.
 *
 * <p>No poll() waits longer than {@link #SLICE_MS}: Connect calls a source task's stop() on the task's own thread,
 * and only once poll() has returned (since Kafka 3.0, KAFKA-10792), so a poll() that slept through a backoff, a
 * Retry-After, the rate limit or a slow answer kept a stopped task requesting. Waits are deadlines kept between
 * polls, and requests run on their own thread, where stop() cancels them.
 */
public final class PullPoller implements Poller {
    private static final Logger log = LoggerFactory.getLogger(PullPoller.class);
    /** The longest poll() keeps the task's thread before handing it back to Connect. */
    static final long SLICE_MS = 250;

    /** One read of one endpoint, over as many polls as its waits, request and retries take. */
    private static final class Read {
        final EndpointReader reader;
        int failures;
        long notBeforeMs;
        CompletableFuture<EndpointReader.PageRecords> page;

        Read(EndpointReader reader, long notBeforeMs) {
            this.reader = reader;
            this.notBeforeMs = notBeforeMs;
        }
    }

    private final PageFetcher fetcher;
    private final RequestPacer pacer;
    private final Backoff backoff;
    private final Sleeper sleeper = new Sleeper();
    private final List<EndpointReader> readers = new ArrayList<>();
    private final int retryMax;
    private final long pollIntervalMs;
    private final long pollIntervalMaxMs;
    /** Downloads the next page while Connect writes the current one; off when requests are rate limited. */
    private final boolean prefetch;
    /** The task's requests: the one being read and, ahead of it, the next page. */
    private final ExecutorService requests = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "rivulet-http-request");
        thread.setDaemon(true);
        return thread;
    });
    private final List<MBeans.Registration> registrations = new ArrayList<>();
    private int next;
    private Read current;

    public PullPoller(HttpPullSourceConfig config, OffsetStorageReader offsets, RecordFactory records) {
        fetcher = new PageFetcher(config.fetcherSettings());
        pacer = config.pacer();
        backoff = config.backoff();
        retryMax = config.getInt(HttpPullSourceConfig.RETRY_MAX_CONFIG);
        pollIntervalMs = config.pollInterval().toMillis();
        pollIntervalMaxMs = config.getLong(HttpPullSourceConfig.POLL_INTERVAL_MAX_MS_CONFIG);
        prefetch = !config.rateLimited();
        EndpointReader.Paging paging = config.paging();
        for (String endpoint : config.taskEndpoints()) {
            Map<String, Object> offset = offsets.offset(EndpointReader.partition(endpoint));
            Position start = offset == null ? config.startPosition() : Position.fromOffset(paging.pagination(), offset);
            EndpointReader reader = new EndpointReader(endpoint, URI.create(config.url(endpoint)),
                    config.topic(endpoint), paging, records, start);
            readers.add(reader);
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("type", "HttpPull");
            keys.put("connector", config.connectorName());
            keys.put("endpoint", endpoint);
            registrations.add(MBeans.register(HttpAnswers.MBEAN_DOMAIN, keys, reader.metrics()));
            log.info("Endpoint {} starts at {}", endpoint, start);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long now = System.currentTimeMillis();
        if (current == null) {
            EndpointReader reader = nextReady(now);
            if (reader == null) {
                long earliest = readers.stream().mapToLong(EndpointReader::readyAtMs).min().orElse(now);
                waitUpTo(earliest - now);
                return null;
            }
            current = new Read(reader, now + pacer.reserveMs());
        }
        if (current.page == null) {
            if (current.notBeforeMs > now) {
                waitUpTo(current.notBeforeMs - now);
                return null;
            }
            current.page = current.reader.read(fetcher, requests);
        }
        EndpointReader.PageRecords page;
        try {
            page = current.page.get(SLICE_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null; // still under way: Connect gets its thread back, the next poll waits on
        } catch (ExecutionException e) {
            retryLater(EndpointReader.unwrap(e));
            return null;
        }
        EndpointReader reader = current.reader;
        current = null;
        Position before = reader.position();
        List<SourceRecord> records = reader.accept(page);
        if (!records.isEmpty()) {
            if (prefetch && reader.position().skip() == 0) { // a new page: there may be more
                reader.prefetch(fetcher, requests);
            }
            return records;
        }
        if (reader.position().equals(before)) {
            reader.idle(System.currentTimeMillis(), pollIntervalMs, pollIntervalMaxMs); // caught up
        }
        return null;
    }

    /** The next endpoint round robin that may be asked now, or null. */
    private EndpointReader nextReady(long now) {
        for (int i = 0; i < readers.size(); i++) {
            EndpointReader reader = readers.get(next);
            next = (next + 1) % readers.size();
            if (reader.readyAtMs() <= now) {
                return reader;
            }
        }
        return null;
    }

    /** Schedules the current read again after a transient failure, or fails the task. */
    private void retryLater(HttpFailure failure) {
        String endpoint = current.reader.endpoint();
        if (!failure.transientFailure()) {
            current = null;
            throw new ConnectException("Endpoint " + endpoint + " failed: " + failure.getMessage());
        }
        int attempt = current.failures++;
        if (attempt >= retryMax) {
            current = null;
            throw new ConnectException("Endpoint " + endpoint + " failed " + (attempt + 1)
                    + " times (http.retry.max=" + retryMax + "), last: " + failure.getMessage());
        }
        current.reader.metrics().retried();
        long wait = failure.retryAfterMs() >= 0 ? failure.retryAfterMs() : backoff.delayMs(attempt);
        log.warn("Endpoint {}: {}; retry {} of {} in {} ms", endpoint, failure.getMessage(), attempt + 1, retryMax,
                wait);
        long now = System.currentTimeMillis();
        current.page = null;
        current.notBeforeMs = Math.max(now + wait, now + pacer.reserveMs());
    }

    private void waitUpTo(long ms) throws InterruptedException {
        if (ms > 0) {
            sleeper.sleep(Math.min(ms, SLICE_MS));
        }
    }

    @Override
    public void stop() {
        registrations.forEach(MBeans::unregister);
        sleeper.wake();
        requests.shutdownNow();
        try {
            fetcher.close(); // aborts a request under way
        } catch (IOException e) {
            log.warn("Closing the HTTP client failed", e);
        }
    }
}
