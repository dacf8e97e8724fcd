package io.rivulet.connect.http.pull;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.common.Backoff;
import io.rivulet.connect.http.HttpPullSourceConfig;
import io.rivulet.connect.http.Poller;
import io.rivulet.connect.http.RecordFactory;

/**
 * Pulls the endpoints assigned to a task: one page per poll, round robin over endpoints that have news, waiting
 * poll.interval.ms once an endpoint has none. Transient failures are retried with backoff inside poll; a permanent
 * one, or too many retries, fails the task without committing anything past the last written record.
 */
public final class PullPoller implements Poller {
    private static final Logger log = LoggerFactory.getLogger(PullPoller.class);

    private PageFetcher fetcher;
    private RequestPacer pacer;
    private Backoff backoff;
    private Sleeper sleeper;
    private List<EndpointReader> readers;
    private int next;
    private int retryMax;
    private long pollIntervalMs;
    /** Downloads the next page while Connect writes the current one; off when requests are rate limited. */
    private ExecutorService prefetcher;

    public PullPoller(HttpPullSourceConfig config, OffsetStorageReader offsets, RecordFactory records) {
        fetcher = new PageFetcher(config.fetcherSettings());
        pacer = config.pacer();
        backoff = config.backoff();
        retryMax = config.getInt(HttpPullSourceConfig.RETRY_MAX_CONFIG);
        pollIntervalMs = config.pollInterval().toMillis();
        sleeper = new Sleeper();
        if (!config.rateLimited()) {
            prefetcher = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "rivulet-http-prefetch");
                thread.setDaemon(true);
                return thread;
            });
        }
        EndpointReader.Paging paging = config.paging();
        readers = new ArrayList<>();
        for (String endpoint : config.taskEndpoints()) {
            Map<String, Object> offset = offsets.offset(EndpointReader.partition(endpoint));
            Position start = offset == null ? config.startPosition() : Position.fromOffset(paging.pagination(), offset);
            readers.add(new EndpointReader(endpoint, URI.create(config.url(endpoint)), config.topic(endpoint),
                    paging, records, start));
            log.info("Endpoint {} starts at {}", endpoint, start);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long now = System.currentTimeMillis();
        for (int i = 0; i < readers.size() && !sleeper.woken(); i++) {
            EndpointReader reader = readers.get(next);
            next = (next + 1) % readers.size();
            if (reader.readyAtMs() > now) {
                continue;
            }
            Position before = reader.position();
            List<SourceRecord> records = readWithRetries(reader);
            if (!records.isEmpty()) {
                if (prefetcher != null && reader.position().skip() == 0) { // a new page: there may be more
                    reader.prefetch(fetcher, prefetcher);
                }
                return records;
            }
            if (reader.position().equals(before)) {
                reader.idleUntil(System.currentTimeMillis() + pollIntervalMs); // caught up
            }
        }
        long earliest = readers.stream().mapToLong(EndpointReader::readyAtMs).min().orElse(now + pollIntervalMs);
        long wait = earliest - System.currentTimeMillis();
        if (wait > 0) {
            sleeper.sleep(wait);
        }
        return null;
    }

    private List<SourceRecord> readWithRetries(EndpointReader reader) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            long paced = pacer.reserveMs();
            if (paced > 0 && !sleeper.sleep(paced)) {
                return List.of();
            }
            try {
                return reader.readPage(fetcher, System.currentTimeMillis());
            } catch (HttpFailure failure) {
                if (!failure.transientFailure()) {
                    throw new ConnectException("Endpoint " + reader.endpoint() + " failed: " + failure.getMessage());
                }
                if (attempt >= retryMax) {
                    throw new ConnectException("Endpoint " + reader.endpoint() + " failed " + (attempt + 1)
                            + " times (http.retry.max=" + retryMax + "), last: " + failure.getMessage());
                }
                long wait = failure.retryAfterMs() >= 0 ? failure.retryAfterMs() : backoff.delayMs(attempt);
                log.warn("Endpoint {}: {}; retry {} of {} in {} ms", reader.endpoint(), failure.getMessage(),
                        attempt + 1, retryMax, wait);
                if (!sleeper.sleep(wait)) {
                    return List.of();
                }
            }
        }
    }

    @Override
    public void stop() {
        if (prefetcher != null) {
            prefetcher.shutdownNow();
        }
        if (sleeper != null) {
            sleeper.wake();
        }
        if (fetcher != null) {
            try {
                fetcher.close();
            } catch (IOException e) {
                log.warn("Closing the HTTP client failed", e);
            }
        }
    }
}
