package io.rivulet.connect.http.listen;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The records of one poll until each is written or failed: counted down as they settle, so finding the batches
 * that are done costs nothing per record (scanning every record of the oldest batches on each poll did).
 */
final class InFlightBatch {
    private final List<ListenedRecord> records;
    private final AtomicInteger unsettled;

    InFlightBatch(List<ListenedRecord> records) {
        this.records = records;
        this.unsettled = new AtomicInteger(records.size());
        records.forEach(record -> record.handedOver(this));
    }

    void settledOne() {
        unsettled.decrementAndGet();
    }

    boolean settled() {
        return unsettled.get() == 0;
    }

    /** Fails what is not written yet: the task stops. */
    void fail(Exception reason) {
        records.forEach(record -> record.failed(reason));
    }
}
