package io.rivulet.aggregator.event;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Compact binary forms of the parsed events for the aggregator's own repartition topics: they never leave the
 * application, so they need no schema registry and cost little to write and read.
 */
public final class EventSerdes {
    private static final byte VERSION = 1;

    private EventSerdes() {
    }

    public static Serde<OrderEvent> orders() {
        return Serdes.serdeFrom((topic, order) -> order == null ? null : write(out -> {
            writeString(out, order.orderId());
            writeString(out, order.customerId());
            writeDecimal(out, order.totalAmount());
            writeString(out, order.currency());
            out.writeLong(order.orderTs());
            writeString(out, order.promoCode());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> new OrderEvent(readString(in),
                readString(in), readDecimal(in), readString(in), in.readLong(), readString(in))));
    }

    public static Serde<ClickEvent> clicks() {
        return Serdes.serdeFrom((topic, click) -> click == null ? null : write(out -> {
            writeString(out, click.eventId());
            writeString(out, click.userId());
            writeString(out, click.action());
            out.writeLong(click.timestamp());
            writeString(out, click.segment());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> new ClickEvent(readString(in),
                readString(in), readString(in), in.readLong(), readString(in))));
    }

    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    public static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("Unknown internal event format " + version);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    public static void writeDecimal(DataOutputStream out, BigDecimal value) throws IOException {
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeInt(value.scale());
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    public static BigDecimal readDecimal(DataInputStream in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readShort()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
