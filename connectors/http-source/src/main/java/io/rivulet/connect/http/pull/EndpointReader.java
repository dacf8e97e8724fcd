package io.rivulet.connect.http.pull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.apache.hc.core5.net.URIBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import io.rivulet.connect.http.RecordFactory;

/**
 * Reads one endpoint page by page from its {@link Position}. Each record carries the position after it as its
 * source offset: within a page the page's request and the count of records written, after the page's last record
 * the next page's request. So whatever offset Connect committed last, a new task resumes exactly behind it.
 */
public final class EndpointReader {
    /** What the requests look like; the same for all endpoints of a connector. */
    public record Paging(Pagination pagination, String cursorParam, JsonPointer cursorPointer, String pageParam,
                         String sinceParam, JsonPointer sincePointer, String limitParam, int limit,
                         JsonPointer recordsPointer) {
    }

    private final String endpoint;
    private final URI baseUrl;
    private final String topic;
    private final Paging paging;
    private final RecordFactory records;
    private final Map<String, String> partition;
    private Position position;
    private long readyAtMs;
    private URI prefetchedUri;
    private Position prefetchedFrom;
    private CompletableFuture<PageRecords> prefetched;

    public EndpointReader(String endpoint, URI baseUrl, String topic, Paging paging, RecordFactory records,
                          Position start) {
        this.endpoint = endpoint;
        this.baseUrl = baseUrl;
        this.topic = topic;
        this.paging = paging;
        this.records = records;
        this.partition = partition(endpoint);
        this.position = start;
    }

    public static Map<String, String> partition(String endpoint) {
        return Map.of("endpoint", endpoint);
    }

    public Map<String, String> partition() {
        return partition;
    }

    public String endpoint() {
        return endpoint;
    }

    public Position position() {
        return position;
    }

    /** When this endpoint may be asked again after it had nothing new. */
    public long readyAtMs() {
        return readyAtMs;
    }

    public void idleUntil(long ms) {
        readyAtMs = ms;
    }

    /** The request for the current position. */
    public URI requestUri() {
        try {
            if (paging.pagination() == Pagination.LINK && position.token() != null) {
                return new URI(position.token());
            }
            URIBuilder uri = new URIBuilder(baseUrl);
            switch (paging.pagination()) {
                case CURSOR:
                    if (position.token() != null) {
                        uri.setParameter(paging.cursorParam(), position.token());
                    }
                    break;
                case PAGE:
                    uri.setParameter(paging.pageParam(), Long.toString(position.page()));
                    break;
                case INCREMENTING:
                    if (position.token() != null) {
                        uri.setParameter(paging.sinceParam(), position.token());
                    }
                    break;
                default:
                    break;
            }
            if (!paging.limitParam().isEmpty()) {
                uri.setParameter(paging.limitParam(), Integer.toString(paging.limit()));
            }
            return uri.build();
        } catch (URISyntaxException e) {
            throw new ConnectException("Cannot build the request for endpoint " + endpoint + " at " + position, e);
        }
    }

    /**
     * Fetches the current page and returns its records not written yet, each with its offset, advancing the
     * position; an empty list means the endpoint has nothing new. On the calling thread.
     */
    public List<SourceRecord> readPage(PageFetcher fetcher) throws HttpFailure {
        try {
            return accept(read(fetcher, Runnable::run).join());
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    /**
     * The current page's records not written yet and the position after them, fetched and converted on
     * {@code executor}: the page prefetched for the current position if there is one, else a new request.
     * {@link #accept} them once done.
     */
    public CompletableFuture<PageRecords> read(PageFetcher fetcher, Executor executor) {
        URI uri = requestUri();
        CompletableFuture<PageRecords> ready = prefetched;
        prefetched = null;
        if (ready != null) {
            if (uri.equals(prefetchedUri) && position.equals(prefetchedFrom)) {
                return ready;
            }
            ready.cancel(true);
        }
        Position from = position;
        return CompletableFuture.supplyAsync(() -> {
            try {
                return toRecords(fetcher.fetch(uri), uri, from, System.currentTimeMillis());
            } catch (HttpFailure failure) {
                throw new CompletionException(failure);
            }
        }, executor);
    }

    /** Takes a page {@link #read} returned: the position moves behind it; returns its records. */
    public List<SourceRecord> accept(PageRecords page) {
        position = page.after();
        return page.records();
    }

    /**
     * Starts fetching and converting the page at the current position in the background, so that it downloads and
     * turns into records while Connect writes the records just returned. Only the position decides what is read: a
     * prefetched page is used only if the position still asks for that request.
     */
    public void prefetch(PageFetcher fetcher, Executor executor) {
        CompletableFuture<PageRecords> page = read(fetcher, executor);
        prefetchedUri = requestUri();
        prefetchedFrom = position;
        prefetched = page;
    }

    /** The failure a read ended with: an {@link HttpFailure}, or a runtime exception rethrown. */
    public static HttpFailure unwrap(Throwable e) {
        Throwable cause = e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException
                ? e.getCause() : e;
        if (cause instanceof HttpFailure failure) {
            return failure;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new ConnectException("Reading a page failed", cause);
    }

    /** The records of a page not written yet, read from {@code from}, and the position after the page. */
    private PageRecords toRecords(FetchedPage page, URI uri, Position from, long nowMs) throws HttpFailure {
        JsonNode items = paging.recordsPointer() == null ? page.body() : page.body().at(paging.recordsPointer());
        if (!items.isArray()) {
            throw new HttpFailure("GET " + Urls.redact(uri) + " answered without an array of records at '"
                    + (paging.recordsPointer() == null ? "" : paging.recordsPointer()) + "' (http.records.pointer)",
                    false, -1, null);
        }
        int total = items.size();
        int skip = Math.min(from.skip(), total);
        Position after = after(page, items, total, from);
        List<SourceRecord> out = new ArrayList<>(total - skip);
        for (int i = skip; i < total; i++) {
            JsonNode item = items.get(i);
            Position offset = i == total - 1 ? after : offsetWithinPage(item, i + 1, from);
            out.add(records.create(partition, offset.toOffset(), topic, item, nowMs, null));
        }
        return new PageRecords(out, after);
    }

    private Position offsetWithinPage(JsonNode item, int written, Position from) {
        if (paging.pagination() == Pagination.INCREMENTING) {
            return Position.since(incrementingValue(item));
        }
        return from.skipping(written);
    }

    /** The position once every record of this page is written. */
    private Position after(FetchedPage page, JsonNode items, int total, Position from) {
        switch (paging.pagination()) {
            case CURSOR: {
                JsonNode next = page.body().at(paging.cursorPointer());
                String cursor = next.isValueNode() && !next.isNull() ? next.asText() : null;
                if (cursor != null && !cursor.isEmpty() && !cursor.equals(from.token())) {
                    return Position.cursor(cursor, 0);
                }
                return from.skipping(total);
            }
            case LINK:
                return page.nextLink() != null ? Position.link(page.nextLink().toString(), 0)
                        : from.skipping(total);
            case PAGE:
                boolean full = paging.limitParam().isEmpty() ? total > 0 : total >= paging.limit();
                return full ? Position.page(from.page() + 1, 0) : from.skipping(total);
            default:
                return total == 0 ? from : Position.since(incrementingValue(items.get(total - 1)));
        }
    }

    /** A page's records not written yet and the position after them. */
    public record PageRecords(List<SourceRecord> records, Position after) {
    }

    private String incrementingValue(JsonNode item) {
        JsonNode value = item.at(paging.sincePointer());
        if (!value.isValueNode() || value.isNull()) {
            throw new ConnectException("A record of endpoint " + endpoint + " has no incrementing value at "
                    + paging.sincePointer() + " (http.incrementing.pointer): " + abbreviate(item.toString()));
        }
        return value.asText();
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
