package io.rivulet.connect.http.listen;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while the client is slow: Jetty calls back when more bytes are
 * there. Fails with {@link TooLarge} past the limit (counted after any gzip inflation) and with {@link TooSlow} when
 * the body has not arrived within the read timeout. A body over the limit is still read to its end, up to
 * {@link #DRAIN_BYTES}, and thrown away: most clients read no answer before they have sent their whole body, so
 * closing on them would lose the 413.
 */
final class BodyReader implements Runnable {
    /** How much of a body over the limit is read and dropped so that the client gets its 413. */
    static final long DRAIN_BYTES = 64L * 1024 * 1024;

    /** The body is larger than allowed. */
    static final class TooLarge extends Exception {
        TooLarge(int max) {
            super("the body is larger than " + max + " bytes", null, false, false);
        }
    }

    /** The body did not arrive in time. */
    static final class TooSlow extends Exception {
        TooSlow(long timeoutMs) {
            super("the body did not arrive within " + timeoutMs + " ms", null, false, false);
        }
    }

    private final Request request;
    private final int max;
    private final Promise<byte[]> promise;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Scheduler.Task timeout;
    private byte[] bytes;
    private int size;
    private long dropped;

    private BodyReader(Request request, int max, long timeoutMs, Promise<byte[]> promise) {
        this.request = request;
        this.max = max;
        this.promise = promise;
        long length = request.getLength();
        this.bytes = new byte[length > 0 && length <= max ? (int) length : Math.min(max, 8192)];
        this.timeout = request.getComponents().getScheduler().schedule(
                () -> finish(null, new TooSlow(timeoutMs)), timeoutMs, TimeUnit.MILLISECONDS);
    }

    static void read(Request request, int max, long timeoutMs, Promise<byte[]> promise) {
        new BodyReader(request, max, timeoutMs, promise).run();
    }

    @Override
    public void run() {
        while (!finished.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                finish(null, chunk.getFailure());
                return;
            }
            try {
                ByteBuffer buffer = chunk.getByteBuffer();
                int n = buffer.remaining();
                if (dropped > 0 || size + n > max) {
                    dropped += n;
                    if (chunk.isLast() || dropped > DRAIN_BYTES) {
                        finish(null, new TooLarge(max));
                        return;
                    }
                    continue;
                }
                if (size + n > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(size + n, bytes.length * 2)));
                }
                buffer.get(bytes, size, n);
                size += n;
            } finally {
                chunk.release();
            }
            if (chunk.isLast()) {
                finish(size == bytes.length ? bytes : Arrays.copyOf(bytes, size), null);
                return;
            }
        }
    }

    private void finish(byte[] body, Throwable failure) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        timeout.cancel();
        if (failure == null) {
            promise.succeeded(body);
        } else {
            promise.failed(failure);
        }
    }
}
