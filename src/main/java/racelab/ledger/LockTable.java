package racelab.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Named application-level locks owned by lanes: the in-process locks of {@code app-lock} (one table per app
 * instance) and the per-account queues of {@code single-writer} (one table for the whole system).
 *
 * <p>Waiters are served first come, first served, and a release hands the lock straight to the next waiter, so
 * whether a lane is blocked, and by whom, can be read from the table at any moment ({@link #holderBlocking}) without
 * guessing from timing.
 */
final class LockTable {

    /** Thrown in a waiting lane when the engine gives up on a stuck schedule. */
    static final class WaitCancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WaitCancelledException(String message) {
            super(message);
        }
    }

    private final String name;
    private final Map<String, String> ownerByKey = new HashMap<>();
    private final Map<String, Deque<String>> waitersByKey = new HashMap<>();
    private final Map<String, String> keyAwaitedByLane = new HashMap<>();
    private final Map<String, Boolean> cancelled = new HashMap<>();
    /** Whether some lane owns a key: read without the monitor by the engine, to know whether a lane could wait here. */
    private volatile boolean anyOwned;

    LockTable(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Blocks until {@code lane} owns {@code key}; re-entrant for the owner. */
    synchronized void acquire(String lane, String key) {
        String owner = ownerByKey.get(key);
        if (owner == null) {
            ownerByKey.put(key, lane);
            anyOwned = true;
            return;
        }
        if (owner.equals(lane)) {
            return;
        }
        waitersByKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(lane);
        keyAwaitedByLane.put(lane, key);
        boolean interrupted = false;
        try {
            while (!lane.equals(ownerByKey.get(key))) {
                if (cancelled.remove(lane) != null) {
                    waitersByKey.get(key).remove(lane);
                    throw new WaitCancelledException(lane + " stopped waiting for " + key + " in " + name);
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            keyAwaitedByLane.remove(lane);
            // A cancel that raced with the hand-over ends with this wait; it must not cancel the lane's next one.
            cancelled.remove(lane);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Releases every key {@code lane} owns, handing each to its first waiter. */
    synchronized void releaseAll(String lane) {
        List<String> owned = new ArrayList<>();
        ownerByKey.forEach((key, owner) -> {
            if (owner.equals(lane)) {
                owned.add(key);
            }
        });
        for (String key : owned) {
            Deque<String> waiters = waitersByKey.get(key);
            String next = waiters == null ? null : waiters.pollFirst();
            if (next == null) {
                ownerByKey.remove(key);
            } else {
                ownerByKey.put(key, next);
                keyAwaitedByLane.remove(next);
            }
        }
        anyOwned = !ownerByKey.isEmpty();
        if (!owned.isEmpty()) {
            notifyAll();
        }
    }

    /** Whether some lane owns a key, so that another lane asking for it would wait; read without the monitor. */
    boolean anyOwned() {
        return anyOwned;
    }

    /** The lane owning the key {@code lane} waits for, or null when it waits for nothing here. */
    synchronized String holderBlocking(String lane) {
        String key = keyAwaitedByLane.get(lane);
        String owner = key == null ? null : ownerByKey.get(key);
        return lane.equals(owner) ? null : owner;
    }

    /** The key {@code lane} waits for, or null. */
    synchronized String keyAwaitedBy(String lane) {
        return keyAwaitedByLane.get(lane);
    }

    /** Makes a waiting lane give up with {@link WaitCancelledException}. */
    synchronized void cancel(String lane) {
        if (keyAwaitedByLane.containsKey(lane)) {
            cancelled.put(lane, Boolean.TRUE);
            notifyAll();
        }
    }

    synchronized void reset() {
        ownerByKey.clear();
        anyOwned = false;
        waitersByKey.clear();
        keyAwaitedByLane.clear();
        cancelled.clear();
        notifyAll();
    }
}
