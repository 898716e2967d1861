package racelab.logsim.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The one seed of a run. Components get child random streams derived by a stable name, so adding a component does
 * not shift the numbers any other component draws.
 */
public final class Seed {

    private final long value;

    public Seed(long value) {
        this.value = value;
    }

    public long value() {
        return value;
    }

    /** A random stream that depends only on this seed and {@code name}. */
    public SplittableRandom derive(String name) {
        return new SplittableRandom(mix(value ^ fnv1a(name)));
    }

    static long fnv1a(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
