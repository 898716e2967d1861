package racelab.logsim.streams;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import racelab.logsim.model.StoreValue;

/**
 * The state store record cache ({@code statestore.cache.max.bytes}): puts stay here, repeated puts to one key
 * collapse, and a key reaches the store and the changelog only when evicted (least recently used first, once the
 * cache is over its size) or when the cache is flushed at commit.
 */
final class RecordCache {

    private final LinkedHashMap<String, StoreValue> dirty = new LinkedHashMap<>(16, 0.75f, true);
    private final long maxBytes;
    private final long entryBytes;

    RecordCache(long maxBytes, long entryBytes) {
        this.maxBytes = maxBytes;
        this.entryBytes = entryBytes;
    }

    StoreValue get(String key) {
        return dirty.get(key);
    }

    /** Puts a value and returns the entries evicted to make room (eldest first). */
    List<Map.Entry<String, StoreValue>> put(String key, StoreValue value) {
        dirty.put(key, value);
        List<Map.Entry<String, StoreValue>> evicted = new ArrayList<>();
        Iterator<Map.Entry<String, StoreValue>> it = dirty.entrySet().iterator();
        while (dirty.size() * entryBytes > maxBytes && it.hasNext()) {
            Map.Entry<String, StoreValue> eldest = it.next();
            evicted.add(Map.entry(eldest.getKey(), eldest.getValue()));
            it.remove();
        }
        return evicted;
    }

    /** Empties the cache and returns its entries in LRU order. */
    List<Map.Entry<String, StoreValue>> flush() {
        List<Map.Entry<String, StoreValue>> all = new ArrayList<>(dirty.entrySet());
        dirty.clear();
        return all;
    }

    int size() {
        return dirty.size();
    }
}
