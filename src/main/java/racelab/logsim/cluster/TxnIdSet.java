package racelab.logsim.cluster;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A set of transaction ids without boxing: a bit per id. The simulator numbers transactions 1, 2, 3, ...
 * ({@link SimContext#newTxnId()}), so a log that saw a few thousand markers holds a few hundred bytes, and a lookup is
 * a shift and a mask where a {@code HashSet<Long>} boxed the id and hashed it ({@link ReplicaLog} asks per appended
 * record on every replica). Ids from {@link #BITS_MAX} on (a run with over a million transactions; a test may build
 * any stamp) go to a plain set, so the bits never take more than 128 KiB and the answers are those of a
 * {@code HashSet<Long>} for every id.
 */
final class TxnIdSet {

    private static final long BITS_MAX = 1 << 20;
    private long[] words = new long[2];
    private Set<Long> beyondInt;

    boolean contains(long id) {
        if (id < 0 || id >= BITS_MAX) {
            return beyondInt != null && beyondInt.contains(id);
        }
        int word = (int) (id >>> 6);
        return word < words.length && (words[word] & 1L << id) != 0;
    }

    void add(long id) {
        if (id < 0 || id >= BITS_MAX) {
            if (beyondInt == null) {
                beyondInt = new HashSet<>();
            }
            beyondInt.add(id);
            return;
        }
        int word = (int) (id >>> 6);
        if (word >= words.length) {
            words = Arrays.copyOf(words, Math.max(word + 1, words.length * 2));
        }
        words[word] |= 1L << id;
    }

    void clear() {
        Arrays.fill(words, 0);
        beyondInt = null;
    }
}
