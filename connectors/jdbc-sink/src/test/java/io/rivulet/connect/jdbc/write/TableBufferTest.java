package io.rivulet.connect.jdbc.write;

import static io.rivulet.connect.jdbc.write.WriteFixtures.KEY;
import static io.rivulet.connect.jdbc.write.WriteFixtures.SALES;
import static io.rivulet.connect.jdbc.write.WriteFixtures.VALUE;
import static io.rivulet.connect.jdbc.write.WriteFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rivulet.connect.jdbc.PrimaryKeyMode;

/** What one table's buffer keeps of a flush's records, so that a batch never touches a row twice. */
class TableBufferTest {

    private static TableBuffer buffer(boolean keyed) {
        PrimaryKeyMode mode = keyed ? PrimaryKeyMode.RECORD_KEY : PrimaryKeyMode.NONE;
        return new TableBuffer(SALES, RecordLayout.of(mode, List.of(), KEY, VALUE), keyed);
    }

    private static List<String> values(Collection<TableBuffer.Row> rows) {
        return rows.stream().map(row -> Arrays.toString(row.values())).toList();
    }

    @Test
    void withAKeyTheLatestValueWinsAndMovesToTheEnd() {
        TableBuffer buffer = buffer(true);
        buffer.add(record(0, 0, "a", 1L), new Object[] {"a", 1L});
        buffer.add(record(0, 1, "b", 2L), new Object[] {"b", 2L});
        buffer.add(record(0, 2, "a", 3L), new Object[] {"a", 3L});
        assertEquals(List.of("[b, 2]", "[a, 3]"), values(buffer.rows()));
        assertEquals(2, buffer.size());
        assertEquals(2, buffer.rows().stream().filter(r -> r.values()[0].equals("a")).findFirst().orElseThrow()
                .record().kafkaOffset(), "the row remembers the record it came from");
    }

    @Test
    void aDeleteDropsTheKeysRowAndALaterRowComesBackAfterIt() {
        TableBuffer buffer = buffer(true);
        buffer.add(record(0, 0, "a", 1L), new Object[] {"a", 1L});
        buffer.add(record(0, 1, "b", 2L), new Object[] {"b", 2L});
        buffer.delete(record(0, 2, "a", null), new Object[] {"a"});
        assertEquals(List.of("[b, 2]"), values(buffer.rows()));
        assertEquals(List.of("[a]"), values(buffer.deletes()));
        // Deletes are written before rows: a row after its delete is the end state.
        buffer.add(record(0, 3, "a", 4L), new Object[] {"a", 4L});
        assertEquals(List.of("[b, 2]", "[a, 4]"), values(buffer.rows()));
        assertEquals(List.of("[a]"), values(buffer.deletes()));
        assertEquals(3, buffer.size());
    }

    @Test
    void withoutAKeyEveryRowIsKeptInOrder() {
        TableBuffer buffer = buffer(false);
        buffer.add(record(0, 0, "a", 1L), new Object[] {"a", 1L});
        buffer.add(record(0, 1, "a", 1L), new Object[] {"a", 1L});
        buffer.add(record(0, 2, "b", 2L), new Object[] {"b", 2L});
        assertEquals(List.of("[a, 1]", "[a, 1]", "[b, 2]"), values(buffer.rows()));
        assertEquals(3, buffer.size());
    }
}
