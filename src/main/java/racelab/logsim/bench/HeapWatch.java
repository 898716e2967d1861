package racelab.logsim.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import racelab.bench.JvmCounters;

/**
 * The most heap a stretch of code had in use at once, and the most that survived a collection (its live data).
 *
 * <p>Heap use only grows between collections, so its peaks are where collections start: the watch reads the heap
 * pools' use before and after every collection from the collectors' notifications ("com.sun.management.gc.notification",
 * read as plain open data so only java.management is needed), and the use at the end. The sum of each pool's own peak
 * (what {@code MemoryPoolMXBean.getPeakUsage} gives) is only an upper bound, since eden, survivor and old peak at
 * different moments: under a 256 MiB cap it read up to 294 MiB. A runtime whose collectors send no notifications (a
 * jlinked image without jdk.management) reports -1 for both figures.
 */
final class HeapWatch implements NotificationListener, AutoCloseable {

    private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

    private final Set<String> heapPools = new HashSet<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private long peakUsedBytes;
    private long peakLiveBytes;
    private long collectionsSeen;
    private final long collectionsBefore;

    HeapWatch() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        collectionsBefore = JvmCounters.collections();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this, null, null);
                emitters.add(emitter);
            }
        }
    }

    @Override
    public synchronized void handleNotification(Notification notification, Object handback) {
        if (!GC_NOTIFICATION.equals(notification.getType())
                || !(notification.getUserData() instanceof CompositeData data)
                || !(data.get("gcInfo") instanceof CompositeData info)) {
            return;
        }
        peakUsedBytes = Math.max(peakUsedBytes, heapUsed(info.get("memoryUsageBeforeGc")));
        peakLiveBytes = Math.max(peakLiveBytes, heapUsed(info.get("memoryUsageAfterGc")));
        collectionsSeen++;
        notifyAll();
    }

    private long heapUsed(Object usageByPool) {
        long used = 0;
        if (usageByPool instanceof TabularData table) {
            for (Object row : table.values()) {
                CompositeData entry = (CompositeData) row;
                if (heapPools.contains((String) entry.get("key"))) {
                    used += MemoryUsage.from((CompositeData) entry.get("value")).getUsed();
                }
            }
        }
        return used;
    }

    /**
     * Stops watching: waits (at most a second) for the notifications of every collection so far, which arrive on
     * another thread after the collection, then adds the heap in use now. Returns {peak used, peak live}, each -1
     * when no notification came although collections ran.
     */
    synchronized long[] finish() throws InterruptedException {
        long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long expected = JvmCounters.collections() - collectionsBefore;
        long deadlineNs = System.nanoTime() + 1_000_000_000L;
        while (collectionsSeen < expected && System.nanoTime() < deadlineNs) {
            wait(50);
        }
        if (expected > 0 && collectionsSeen == 0) {
            return new long[] {-1, -1};
        }
        return new long[] {Math.max(peakUsedBytes, now), peakLiveBytes};
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
