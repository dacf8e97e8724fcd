package io.rivulet.connect.http.listen;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The event ids this task wrote (or is writing) within the dedup window, each with its write: a client's retry
 * finds the write of the first attempt and is answered by it instead of writing the event again. Bounded in time
 * and in number, oldest first (insertion order, so a new id is never the one dropped); per task, so a retry that
 * reaches another task is written again.
 */
final class RecentEventIds {
    private record Claim(CompletableFuture<Boolean> write, long atMs) {
    }

    private final long windowMs;
    private final int maxIds;
    private final LinkedHashMap<String, Claim> claims = new LinkedHashMap<>();

    RecentEventIds(long windowMs, int maxIds) {
        this.windowMs = windowMs;
        this.maxIds = maxIds;
    }

    /** Whether retries are recognised at all. */
    boolean enabled() {
        return windowMs > 0;
    }

    /**
     * For each event of a request, makes its write the write of its id and gives null, or gives the write already
     * registered for that id (an id twice in one request: the first one's). A null id (no id field) is never a
     * duplicate. One lock for the whole request.
     */
    synchronized List<CompletableFuture<Boolean>> claim(List<String> ids, List<CompletableFuture<Boolean>> writes,
                                                        long nowMs) {
        List<CompletableFuture<Boolean>> earlier = new ArrayList<>(ids.size());
        if (enabled()) {
            forgetOlderThan(nowMs - windowMs);
        }
        for (int i = 0; i < ids.size(); i++) {
            earlier.add(claim(ids.get(i), writes.get(i), nowMs));
        }
        return earlier;
    }

    private CompletableFuture<Boolean> claim(String id, CompletableFuture<Boolean> write, long nowMs) {
        if (!enabled() || id == null) {
            return null;
        }
        Claim earlier = claims.get(id);
        if (earlier != null) {
            return earlier.write();
        }
        claims.put(id, new Claim(write, nowMs));
        if (claims.size() > maxIds) {
            Iterator<Map.Entry<String, Claim>> oldest = claims.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return null;
    }

    /** The write failed: a retry must write the event. */
    synchronized void forget(String id, CompletableFuture<Boolean> write) {
        if (id != null) {
            Claim claim = claims.get(id);
            if (claim != null && claim.write() == write) {
                claims.remove(id);
            }
        }
    }

    private void forgetOlderThan(long cutoffMs) {
        Iterator<Claim> oldest = claims.values().iterator();
        while (oldest.hasNext() && oldest.next().atMs() < cutoffMs) {
            oldest.remove();
        }
    }
}
