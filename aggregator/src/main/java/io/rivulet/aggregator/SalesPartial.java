package io.rivulet.aggregator;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import io.rivulet.aggregator.event.EventSerdes;

/** One input partition's sales of one window and currency. */
public record SalesPartial(long windowStart, String currency, SalesTotals totals) {

    static Serde<SalesPartial> serde() {
        Serde<SalesTotals> totals = SalesTotals.serde();
        return Serdes.serdeFrom((topic, partial) -> partial == null ? null : EventSerdes.write(out -> {
            out.writeLong(partial.windowStart());
            out.writeUTF(partial.currency());
            out.write(totals.serializer().serialize(topic, partial.totals()));
        }), (topic, bytes) -> bytes == null ? null : EventSerdes.read(bytes, in -> new SalesPartial(in.readLong(),
                in.readUTF(), totals.deserializer().deserialize(topic, in.readAllBytes()))));
    }
}
