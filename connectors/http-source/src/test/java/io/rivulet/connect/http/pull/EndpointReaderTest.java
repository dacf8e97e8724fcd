package io.rivulet.connect.http.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.connect.http.RecordFactory;
import io.rivulet.simulator.ShopOrdersApi;
import io.rivulet.testkit.ShopApiStub;

/** Paging against the shop API stub over real HTTP on loopback. */
class EndpointReaderTest {
    private ShopApiStub shop;
    private PageFetcher fetcher;

    @BeforeEach
    void start() {
        shop = ShopApiStub.start();
        shop.addOrders(25);
        fetcher = new PageFetcher(new PageFetcher.Settings("GET", Map.of(), "", AuthType.NONE, "", "", "", "X-API-Key", "",
                5000, 1 << 20, null));
    }

    @AfterEach
    void stop() throws Exception {
        fetcher.close();
        shop.close();
    }

    private EndpointReader reader(String path, Pagination pagination, Position start) {
        return reader(path, pagination, start, CursorRepeat.FAIL);
    }

    /** /orders/from asks by order time, which repeats, from a value on; /orders/since by id, after a value. */
    private EndpointReader reader(String path, Pagination pagination, Position start, CursorRepeat onRepeat) {
        boolean byTime = path.equals("/orders/from");
        EndpointReader.Paging paging = new EndpointReader.Paging(pagination, "cursor",
                JsonPointer.compile("/next_cursor"), "page", byTime ? "from_ts" : "since_id",
                JsonPointer.compile(byTime ? "/order_ts" : "/id"), "limit", 10, JsonPointer.compile("/data/orders"),
                byTime ? IncrementingCompare.GREATER_OR_EQUAL : IncrementingCompare.GREATER, onRepeat,
                Position.start(pagination, 1, ""));
        return new EndpointReader("shop", URI.create(shop.url() + path), "orders", paging,
                new RecordFactory(null, "/customer_id", "/order_ts", ".invalid", 3_600_000L), start);
    }

    /** Reads until a page brings nothing new and the position stops moving. */
    private static List<SourceRecord> readAll(EndpointReader reader, PageFetcher fetcher) throws HttpFailure {
        List<SourceRecord> all = new ArrayList<>();
        while (true) {
            Position before = reader.position();
            List<SourceRecord> page = reader.readPage(fetcher);
            all.addAll(page);
            if (page.isEmpty() && reader.position().equals(before)) {
                return all;
            }
        }
    }

    private static List<String> ids(List<SourceRecord> records) {
        return records.stream().map(r -> (String) ((Map<?, ?>) r.value()).get("order_id"))
                .collect(Collectors.toList());
    }

    private List<String> expected(int from, int to) {
        return shop.orders().subList(from, to).stream().map(o -> o.get("order_id").asText())
                .collect(Collectors.toList());
    }

    /** Each pagination style with the shop's path that serves it. */
    static Stream<Arguments> paginations() {
        return Stream.of(Arguments.of("/orders", Pagination.CURSOR), Arguments.of("/orders/pages", Pagination.PAGE),
                Arguments.of("/orders/linked", Pagination.LINK), Arguments.of("/orders/since", Pagination.INCREMENTING),
                Arguments.of("/orders/from", Pagination.INCREMENTING));
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("paginations")
    void everyPaginationReadsEveryOrderOnceInOrder(String path, Pagination pagination) throws HttpFailure {
        EndpointReader reader = reader(path, pagination, Position.start(pagination, 1, ""));
        assertEquals(expected(0, 25), ids(readAll(reader, fetcher)));
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("paginations")
    void offsetsResumeBehindTheLastWrittenRecord(String path, Pagination pagination) throws HttpFailure {
        EndpointReader first = reader(path, pagination, Position.start(pagination, 1, ""));
        List<SourceRecord> page = first.readPage(fetcher);
        // Resume from the offset of the 4th record, as a new task would after that commit.
        Position committed = Position.fromOffset(pagination, page.get(3).sourceOffset());
        EndpointReader resumed = reader(path, pagination, committed);
        assertEquals(expected(4, 25), ids(readAll(resumed, fetcher)));
    }

    @Test
    void ordersAddedLaterFollow() throws HttpFailure {
        shop.addOrders(3);
        EndpointReader cursor = reader("/orders", Pagination.CURSOR, Position.start(Pagination.CURSOR, 1, ""));
        readAll(cursor, fetcher);
        shop.addOrders(2);
        assertEquals(expected(28, 30), ids(readAll(cursor, fetcher)), "orders added later follow");
    }

    @Test
    void recordsCarryKeyEventTimeAndTheirPositionAsOffset() throws HttpFailure {
        EndpointReader reader = reader("/orders", Pagination.CURSOR, Position.start(Pagination.CURSOR, 1, ""));
        List<SourceRecord> page = reader.readPage(fetcher);
        SourceRecord first = page.get(0);
        assertEquals(Map.of("endpoint", "shop"), first.sourcePartition());
        assertEquals("c-1", first.key());
        assertEquals(shop.orders().get(0).get("order_ts").asLong(), first.timestamp());
        assertEquals(Map.of("cursor", "c10", "skip", 0), page.get(9).sourceOffset());
        Map<String, Object> within = new java.util.HashMap<>();
        within.put("cursor", null);
        within.put("skip", 1);
        assertEquals(within, first.sourceOffset());
    }

    /**
     * Two runs of nine records share an order time, each across a page boundary (limit 10), between orders with
     * times of their own: asked from a value on, with the offset counting what was written at that value, none is
     * lost or written twice, read through or resumed from any record's offset.
     */
    @Test
    void recordsSharingAnIncrementingValueAcrossPagesAreEachReadOnce() throws HttpFailure {
        shop.close();
        shop = ShopApiStub.start();
        long time = 1_700_000_000_000L;
        for (int n = 1; n <= 40; n++) {
            ObjectNode order = ShopOrdersApi.sampleOrder(n, "o-");
            order.put("order_ts", n >= 8 && n <= 16 ? time + 100 : n >= 18 && n <= 26 ? time + 200 : time + n * 10);
            shop.addOrder(order);
        }
        List<SourceRecord> all = readAll(reader("/orders/from", Pagination.INCREMENTING,
                Position.start(Pagination.INCREMENTING, 1, "")), fetcher);
        assertEquals(expected(0, 40), ids(all));
        for (int resumeAfter = 0; resumeAfter < 40; resumeAfter++) {
            Position committed = Position.fromOffset(Pagination.INCREMENTING, all.get(resumeAfter).sourceOffset());
            assertEquals(expected(resumeAfter + 1, 40), ids(readAll(reader("/orders/from", Pagination.INCREMENTING,
                    committed), fetcher)), "resumed after record " + (resumeAfter + 1) + " at " + committed);
        }
        assertEquals(Map.of("since", Long.toString(time + 100), "skip", 3), all.get(9).sourceOffset());
        assertEquals(Map.of("since", Long.toString(time + 100), "skip", 9), all.get(15).sourceOffset());
        assertEquals(Map.of("since", Long.toString(time + 200), "skip", 3), all.get(19).sourceOffset());
    }

    @Test
    void moreRecordsSharingOneValueThanAPageHoldsFailClearly() {
        shop.close();
        shop = ShopApiStub.start();
        for (int n = 1; n <= 15; n++) {
            shop.addOrder(ShopOrdersApi.sampleOrder(n, "o-").put("order_ts", 1_700_000_000_000L));
        }
        EndpointReader reader = reader("/orders/from", Pagination.INCREMENTING,
                Position.start(Pagination.INCREMENTING, 1, ""));
        ConnectException stuck = assertThrows(ConnectException.class, () -> readAll(reader, fetcher));
        assertTrue(stuck.getMessage().contains("Raise http.limit"), stuck.getMessage());
        assertTrue(stuck.getMessage().contains("1700000000000"), stuck.getMessage());
    }

    @Test
    void aNextCursorPointingBackFailsTheTaskNamingBothCursors() throws HttpFailure {
        EndpointReader reader = reader("/orders", Pagination.CURSOR, Position.start(Pagination.CURSOR, 1, ""));
        reader.readPage(fetcher);
        reader.readPage(fetcher);
        shop.failNext(ShopApiStub.Fault.CURSOR_BACK);
        ConnectException repeat = assertThrows(ConnectException.class, () -> reader.readPage(fetcher));
        assertTrue(repeat.getMessage().contains("'c10'") && repeat.getMessage().contains("current cursor: c20")
                && repeat.getMessage().contains("/orders?cursor=c20"), repeat.getMessage());
        assertEquals(Position.cursor("c20", 0), reader.position(), "nothing of the repeating page taken");
    }

    @Test
    void theCurrentCursorAgainAfterAFullPageIsARepeatAfterAPartPageCaughtUp() throws HttpFailure {
        EndpointReader reader = reader("/orders", Pagination.CURSOR, Position.start(Pagination.CURSOR, 1, ""));
        reader.readPage(fetcher);
        shop.failNext(ShopApiStub.Fault.CURSOR_SAME);
        ConnectException repeat = assertThrows(ConnectException.class, () -> reader.readPage(fetcher));
        assertTrue(repeat.getMessage().contains("can never be reached"), repeat.getMessage());

        EndpointReader tail = reader("/orders", Pagination.CURSOR, Position.cursor("c20", 0));
        assertEquals(expected(20, 25), ids(tail.readPage(fetcher)));
        shop.failNext(ShopApiStub.Fault.CURSOR_SAME);
        assertEquals(List.of(), tail.readPage(fetcher), "the same cursor after a part page: caught up");
        assertEquals(Position.cursor("c25", 0), tail.position());
    }

    @Test
    void onRepeatRestartStartsOverAndIgnoreFollowsTheApi() throws HttpFailure {
        EndpointReader restarting = reader("/orders", Pagination.CURSOR, Position.start(Pagination.CURSOR, 1, ""),
                CursorRepeat.RESTART);
        restarting.readPage(fetcher);
        restarting.readPage(fetcher);
        shop.failNext(ShopApiStub.Fault.CURSOR_BACK);
        List<SourceRecord> repeated = restarting.readPage(fetcher);
        assertEquals(expected(20, 25), ids(repeated), "the page's records are new: written");
        assertEquals(Position.start(Pagination.CURSOR, 1, ""), restarting.position());
        assertEquals(Position.start(Pagination.CURSOR, 1, "").toOffset(),
                repeated.get(repeated.size() - 1).sourceOffset(), "a new task goes on from the start too");
        assertEquals(expected(0, 25), ids(readAll(restarting, fetcher)), "started over");

        EndpointReader ignoring = reader("/orders", Pagination.CURSOR, Position.start(Pagination.CURSOR, 1, ""),
                CursorRepeat.IGNORE);
        ignoring.readPage(fetcher);
        ignoring.readPage(fetcher);
        shop.failNext(ShopApiStub.Fault.CURSOR_BACK);
        ignoring.readPage(fetcher);
        assertEquals(Position.cursor("c10", 0), ignoring.position(), "followed back, as the API said");
    }

    @Test
    void aResponseWithoutTheArrayFailsPermanently() {
        EndpointReader reader = new EndpointReader("shop", URI.create(shop.url() + "/orders"), "orders",
                new EndpointReader.Paging(Pagination.CURSOR, "cursor", JsonPointer.compile("/next_cursor"), "page",
                        "since", null, "", 10, JsonPointer.compile("/data/customers"), IncrementingCompare.GREATER,
                        CursorRepeat.FAIL, Position.start(Pagination.CURSOR, 1, "")),
                new RecordFactory(null, "", "", ".invalid", 3_600_000L), Position.start(Pagination.CURSOR, 1, ""));
        HttpFailure failure = assertThrows(HttpFailure.class, () -> reader.readPage(fetcher));
        assertTrue(!failure.transientFailure());
        assertTrue(failure.getMessage().contains("/data/customers"), failure.getMessage());
    }

    @Test
    void faultsAreClassified() {
        EndpointReader reader = reader("/orders", Pagination.CURSOR, Position.start(Pagination.CURSOR, 1, ""));
        shop.retryAfterSeconds(7);
        shop.failNext(ShopApiStub.Fault.SERVER_ERROR, ShopApiStub.Fault.TOO_MANY_REQUESTS,
                ShopApiStub.Fault.MALFORMED_JSON, ShopApiStub.Fault.TRUNCATED_JSON, ShopApiStub.Fault.UNAUTHORIZED);
        HttpFailure serverError = assertThrows(HttpFailure.class, () -> reader.readPage(fetcher));
        assertTrue(serverError.transientFailure() && serverError.getMessage().contains("503"));
        HttpFailure tooMany = assertThrows(HttpFailure.class, () -> reader.readPage(fetcher));
        assertEquals(7000, tooMany.retryAfterMs());
        assertTrue(assertThrows(HttpFailure.class, () -> reader.readPage(fetcher)).transientFailure());
        assertTrue(assertThrows(HttpFailure.class, () -> reader.readPage(fetcher)).transientFailure());
        HttpFailure unauthorized = assertThrows(HttpFailure.class, () -> reader.readPage(fetcher));
        assertTrue(!unauthorized.transientFailure() && unauthorized.getMessage().contains("401"));
        assertEquals(Position.start(Pagination.CURSOR, 1, ""), reader.position(), "failures do not move on");
    }

    @Test
    void malformedOffsetsAreRefusedWithTheReason() {
        ConnectException error = assertThrows(ConnectException.class,
                () -> Position.fromOffset(Pagination.PAGE, Map.of("page", "two")));
        assertTrue(error.getMessage().contains("whole number 'page'"), error.getMessage());
        assertThrows(ConnectException.class, () -> Position.fromOffset(Pagination.CURSOR, Map.of("skip", 1)));
        assertThrows(ConnectException.class, () -> Position.fromOffset(Pagination.CURSOR,
                Map.of("cursor", "c1", "skip", -1)));
    }

    @Test
    void urlsInMessagesHideSecrets() {
        assertEquals("https://shop/api?api_key=***&page=2&access_token=***",
                Urls.redact("https://user:pw@shop/api?api_key=abc&page=2&access_token=xyz"));
    }
}
