package io.rivulet.testkit.plugin;

import org.apache.kafka.connect.source.SourceTask;

import io.rivulet.common.PluginVersion;

/** A source task that waits between polls, and whose every wait ends at once when the task stops. */
abstract class IdlingSourceTask extends SourceTask {
    private final Object idle = new Object();
    private volatile boolean stopping;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    /** Marks the task running again; call at the end of start(). */
    protected void running() {
        stopping = false;
    }

    protected boolean stopping() {
        return stopping;
    }

    /** Waits up to {@code ms}, or not at all once the task is stopping. */
    protected void idle(long ms) throws InterruptedException {
        synchronized (idle) {
            if (ms > 0 && !stopping) {
                idle.wait(ms);
            }
        }
    }

    @Override
    public void stop() {
        synchronized (idle) {
            stopping = true;
            idle.notifyAll();
        }
    }
}
