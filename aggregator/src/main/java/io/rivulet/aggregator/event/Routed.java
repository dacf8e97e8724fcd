package io.rivulet.aggregator.event;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * What the gate in front of an aggregation passes on: an event of an open window, a watermark (how far in event
 * time one input partition has got), or a late event for the late-events output.
 */
public sealed interface Routed<E> {
    /** The key under which watermarks travel; they go to every partition whatever the key. */
    String WATERMARK_KEY = "~watermark";

    record Event<E>(E event) implements Routed<E> {
    }

    /** Input partition {@code partition} has seen event time up to {@code time}; later arrivals below are late. */
    record Watermark<E>(int partition, long time) implements Routed<E> {
    }

    record Late<E>(SchemaAndValue key, SchemaAndValue value) implements Routed<E> {
    }

    /** The repartition form of events and watermarks (late events never go through a repartition topic). */
    static <E> Serde<Routed<E>> serde(Serde<E> events) {
        return Serdes.serdeFrom((topic, routed) -> {
            if (routed == null) {
                return null;
            }
            if (routed instanceof Watermark<E> watermark) {
                return EventSerdes.write(out -> {
                    out.writeByte(2);
                    out.writeInt(watermark.partition());
                    out.writeLong(watermark.time());
                });
            }
            if (routed instanceof Event<E> event) {
                byte[] body = events.serializer().serialize(topic, event.event());
                return EventSerdes.write(out -> {
                    out.writeByte(1);
                    out.write(body);
                });
            }
            throw new IllegalArgumentException("Late events are not repartitioned");
        }, (topic, bytes) -> bytes == null ? null : EventSerdes.read(bytes, in -> {
            byte kind = in.readByte();
            if (kind == 2) {
                return new Watermark<>(in.readInt(), in.readLong());
            }
            byte[] body = in.readAllBytes();
            return new Event<>(events.deserializer().deserialize(topic, body));
        }));
    }

    /** Events by their aggregation key; watermarks to every partition, so each aggregation task hears them all. */
    static <E> StreamPartitioner<String, Routed<E>> partitioner() {
        return (topic, key, value, partitions) -> {
            if (value instanceof Watermark) {
                return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()));
            }
            return Optional.of(Set.of(Math.floorMod(key.hashCode(), partitions))); // String.hashCode is specified
        };
    }
}
