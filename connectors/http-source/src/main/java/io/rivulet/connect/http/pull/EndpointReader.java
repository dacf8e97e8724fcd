package io.rivulet.connect.http.pull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.apache.hc.core5.net.URIBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import io.rivulet.connect.http.RecordFactory;
import io.rivulet.connect.http.convert.StreamedObject;

/**
 * Reads one endpoint page by page from its {@link Position}. Each record carries the position after it as its
 * source offset: within a page the page's request and the count of records written, after the page's last record
 * the next page's request. So whatever offset Connect committed last, a new task resumes exactly behind it.
 */
public final class EndpointReader {
    private static final Logger log = LoggerFactory.getLogger(EndpointReader.class);

    /** What the requests look like; the same for all endpoints of a connector. */
    public record Paging(Pagination pagination, String cursorParam, JsonPointer cursorPointer, String pageParam,
                         String sinceParam, JsonPointer sincePointer, String limitParam, int limit,
                         JsonPointer recordsPointer, IncrementingCompare compare, CursorRepeat onRepeat,
                         Position restartAt) {
    }

    /** The cursors remembered to recognise a repeat: a loop longer than this many pages goes unnoticed. */
    static final int MAX_REQUESTED = 10_000;

    private final String endpoint;
    private final URI baseUrl;
    private final String topic;
    private final Paging paging;
    private final RecordFactory records;
    private final Map<String, String> partition;
    private Position position;
    /** Cursors or links requested since the endpoint last caught up, oldest first. */
    private final Set<String> requested = new LinkedHashSet<>();
    private long readyAtMs;
    /** Answers in a row that brought nothing new. */
    private int quietAnswers;
    /** The validators of the last answer and the request they belong to. */
    private URI validatorsUri;
    private Validators validators = Validators.NONE;
    private URI prefetchedUri;
    private Position prefetchedFrom;
    private CompletableFuture<PageRecords> prefetched;
    private final HttpPullMetrics metrics = new HttpPullMetrics();
    /** Reads pages in one pass, records straight into Structs; null when they are read as trees. */
    private final PageParser pageParser;
    private final String sinceField;

    public EndpointReader(String endpoint, URI baseUrl, String topic, Paging paging, RecordFactory records,
                          Position start) {
        this.endpoint = endpoint;
        this.baseUrl = baseUrl;
        this.topic = topic;
        this.paging = paging;
        this.records = records;
        this.partition = partition(endpoint);
        this.position = start;
        this.sinceField = RecordFactory.topLevelField(paging.sincePointer());
        this.pageParser = streams(paging, records, sinceField)
                ? new PageParser(paging.recordsPointer(), records.streamingReader(sinceField)) : null;
    }

    /**
     * Whether pages can be streamed: records of a struct schema with key, event time and incrementing value at
     * their top level, and a next cursor outside the records (the stream keeps only the rest of the body).
     */
    private static boolean streams(Paging paging, RecordFactory records, String sinceField) {
        if (!records.streams() || paging.pagination() == Pagination.INCREMENTING && sinceField == null) {
            return false;
        }
        if (paging.pagination() != Pagination.CURSOR) {
            return true;
        }
        JsonPointer recordsAt = paging.recordsPointer();
        if (recordsAt == null || recordsAt.matches()) {
            return false; // the body is the array: a cursor pointer could only point into it
        }
        String cursorAt = paging.cursorPointer().toString();
        return !cursorAt.equals(recordsAt.toString()) && !cursorAt.startsWith(recordsAt + "/");
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

    /** The endpoint's requests and retries. */
    public HttpPullMetrics metrics() {
        return metrics;
    }

    public Position position() {
        return position;
    }

    /** When this endpoint may be asked again after it had nothing new. */
    public long readyAtMs() {
        return readyAtMs;
    }

    /**
     * The endpoint had nothing new: it is asked again after {@code intervalMs}, doubled for each such answer in a
     * row, up to {@code maxIntervalMs}; a page with records starts over at {@code intervalMs}.
     */
    public void idle(long nowMs, long intervalMs, long maxIntervalMs) {
        long wait = Math.min(Math.max(intervalMs, maxIntervalMs), intervalMs << Math.min(quietAnswers, 30));
        quietAnswers++;
        readyAtMs = nowMs + wait;
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
        Validators known = uri.equals(validatorsUri) ? validators : Validators.NONE;
        return CompletableFuture.supplyAsync(() -> {
            try {
                long start = System.nanoTime();
                FetchedPage page;
                try {
                    page = fetcher.fetch(uri, known);
                } catch (HttpFailure failure) {
                    metrics.failed(failure, start);
                    throw failure;
                }
                metrics.answered(page, start);
                return toRecords(page, uri, from, System.currentTimeMillis());
            } catch (HttpFailure failure) {
                throw new CompletionException(failure);
            }
        }, executor);
    }

    /**
     * Takes a page {@link #read} returned: the position moves behind it; returns its records. A next cursor or link
     * already requested since the endpoint last caught up (or the current one after a full page) is acted on per
     * http.cursor.on.repeat.
     */
    public List<SourceRecord> accept(PageRecords page) {
        if (page.next() != null && paging.onRepeat() != CursorRepeat.IGNORE) {
            boolean same = page.next().equals(page.from().token());
            if (same ? page.full() : requested.contains(page.next())) {
                return repeated(page, same);
            }
        }
        if (page.after().token() != null && !page.after().token().equals(page.from().token())) {
            remember(page.from().token()); // on to a new cursor
        } else {
            requested.clear(); // caught up
        }
        if (page.validators().any()) {
            validatorsUri = page.uri();
            validators = page.validators();
        }
        if (!page.records().isEmpty()) {
            quietAnswers = 0;
        }
        position = page.after();
        return page.records();
    }

    private void remember(String token) {
        if (token != null) {
            requested.add(token);
            if (requested.size() > MAX_REQUESTED) {
                requested.remove(requested.iterator().next());
            }
        }
    }

    private List<SourceRecord> repeated(PageRecords page, boolean same) {
        boolean link = paging.pagination() == Pagination.LINK;
        String what = link ? "next link" : "next cursor";
        String next = link ? Urls.redact(URI.create(page.next())) : page.next();
        String current = page.from().token() == null ? "none, the first page" : link
                ? Urls.redact(URI.create(page.from().token())) : page.from().token();
        String problem = "GET " + Urls.redact(page.uri()) + " gave the " + what + " '" + next + "', "
                + (same ? "the current one, after a full page of " + page.records().size() + " records: the pages "
                + "after it can never be reached" : "which this task already requested since the endpoint last "
                + "caught up: following it writes the same records again") + " (current " + what.substring(5)
                + ": " + current + ")";
        if (paging.onRepeat() == CursorRepeat.FAIL) {
            throw new ConnectException(problem + ". Set http.cursor.on.repeat=restart to start the endpoint over, "
                    + "or ignore to follow the API.");
        }
        log.warn("Endpoint {}: {}; starting over from {} (http.cursor.on.repeat=restart)", endpoint, problem,
                paging.restartAt());
        requested.clear();
        position = paging.restartAt();
        List<SourceRecord> out = new ArrayList<>(page.records());
        if (!out.isEmpty()) { // the page's last record carries where the endpoint goes on from
            SourceRecord last = out.get(out.size() - 1);
            out.set(out.size() - 1, new SourceRecord(last.sourcePartition(), position.toOffset(), last.topic(),
                    last.kafkaPartition(), last.keySchema(), last.key(), last.valueSchema(), last.value(),
                    last.timestamp(), last.headers()));
        }
        return out;
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
        if (page.notModified()) {
            return new PageRecords(List.of(), uri, from, from, null, false, page.validators());
        }
        PageParser.Parsed parsed = pageParser == null ? null : page.read(pageParser::parse);
        if (parsed == null) {
            parsed = treeOf(page.json(), uri);
        }
        List<StreamedObject> items = parsed.items();
        int total = items.size();
        boolean full = !paging.limitParam().isEmpty() && total >= paging.limit();
        if (paging.pagination() == Pagination.INCREMENTING) {
            return incrementing(items, uri, from, nowMs, full, page.validators());
        }
        int skip = Math.min(from.skip(), total);
        String next = next(page, parsed.rest());
        Position after = after(next, total, from);
        List<SourceRecord> out = new ArrayList<>(total - skip);
        for (int i = skip; i < total; i++) {
            Position offset = i == total - 1 ? after : from.skipping(i + 1);
            out.add(record(offset, items.get(i), nowMs));
        }
        return new PageRecords(out, uri, from, after, next, full, page.validators());
    }

    /** The tree path: the records at http.records.pointer of the page's body, each as its tree. */
    private PageParser.Parsed treeOf(JsonNode body, URI uri) throws HttpFailure {
        JsonNode items = paging.recordsPointer() == null ? body : body.at(paging.recordsPointer());
        if (!items.isArray()) {
            throw new HttpFailure("GET " + Urls.redact(uri) + " answered without an array of records at '"
                    + (paging.recordsPointer() == null ? "" : paging.recordsPointer()) + "' (http.records.pointer)",
                    false, -1, null);
        }
        List<StreamedObject> trees = new ArrayList<>(items.size());
        items.forEach(item -> trees.add(StreamedObject.of(item)));
        return new PageParser.Parsed(body, trees);
    }

    private SourceRecord record(Position offset, StreamedObject item, long nowMs) {
        return records.create(partition, offset.toOffset(), topic, item, nowMs, null);
    }

    /** The incrementing value of a record, captured when it was streamed, else as the tree path reads it. */
    private String since(StreamedObject item) {
        Object captured = item.captured() == null ? null : item.captured()[2];
        return captured instanceof String || captured instanceof Long ? captured.toString()
                : incrementingValue(item.tree());
    }

    /**
     * Each record's offset is the largest value so far; with {@code greater_or_equal}, also how many records with
     * that value are written, which the next request (asking from that value on) skips.
     */
    private PageRecords incrementing(List<StreamedObject> items, URI uri, Position from, long nowMs, boolean full,
                                     Validators validators) {
        boolean orEqual = paging.compare() == IncrementingCompare.GREATER_OR_EQUAL;
        int total = items.size();
        int skip = orEqual ? Math.min(from.skip(), total) : 0;
        String value = from.token();
        int written = from.skip();
        Position position = from;
        List<SourceRecord> out = new ArrayList<>(total - skip);
        for (int i = skip; i < total; i++) {
            String itemValue = since(items.get(i));
            if (orEqual) {
                written = itemValue.equals(value) ? written + 1 : 1;
                value = itemValue;
                position = Position.since(value, written);
            } else {
                position = Position.since(itemValue);
            }
            out.add(record(position, items.get(i), nowMs));
        }
        if (orEqual && full && out.isEmpty()) {
            throw new ConnectException("GET " + Urls.redact(uri) + " answered a full page (http.limit=" + paging.limit()
                    + ") of records already written, all with the value '" + from.token() + "' at "
                    + paging.sincePointer() + ": the records after them with that value cannot be asked for. Raise "
                    + "http.limit above the most records that share one value.");
        }
        return new PageRecords(out, uri, from, position, null, full, validators);
    }

    /** The next cursor or link the API gave, or null when it gave none; {@code body}: the page's (or its rest). */
    private String next(FetchedPage page, JsonNode body) {
        if (paging.pagination() == Pagination.CURSOR) {
            JsonNode next = body.at(paging.cursorPointer());
            String cursor = next.isValueNode() && !next.isNull() ? next.asText() : null;
            return cursor == null || cursor.isEmpty() ? null : cursor;
        }
        if (paging.pagination() == Pagination.LINK) {
            return page.nextLink() == null ? null : page.nextLink().toString();
        }
        return null;
    }

    /** The position once every record of this page is written. */
    private Position after(String next, int total, Position from) {
        switch (paging.pagination()) {
            case CURSOR:
                return next != null && !next.equals(from.token()) ? Position.cursor(next, 0) : from.skipping(total);
            case LINK:
                return next != null && !next.equals(from.token()) ? Position.link(next, 0) : from.skipping(total);
            default:
                boolean full = paging.limitParam().isEmpty() ? total > 0 : total >= paging.limit();
                return full ? Position.page(from.page() + 1, 0) : from.skipping(total);
        }
    }

    /**
     * A page's records not written yet and the position after them, from the request to {@code uri} at
     * {@code from}; {@code next} is the cursor or link the API gave (null: none), {@code full} whether the page
     * held http.limit records, {@code validators} what to ask the same request again with.
     */
    public record PageRecords(List<SourceRecord> records, URI uri, Position from, Position after, String next,
                              boolean full, Validators validators) {
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
