package io.rivulet.connect.http.pull;

/** Waits that the task's stop() cuts short, so a task in a long backoff or idle wait stops at once. */
public final class Sleeper {
    private boolean woken;

    /** Waits up to {@code ms}; returns false when woken by {@link #wake()}. */
    public synchronized boolean sleep(long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        long left = ms;
        while (!woken && left > 0) {
            wait(left);
            left = deadline - System.currentTimeMillis();
        }
        return !woken;
    }

    public synchronized void wake() {
        woken = true;
        notifyAll();
    }
}
