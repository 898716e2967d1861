package racelab.logsim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bit set of transaction ids against a {@code HashSet<Long>}: seeded adds, lookups and clears of ids that are small,
 * near word boundaries, large, negative and beyond the int range must give the same answers.
 */
class TxnIdSetTest {

    @Test
    void answersLikeAHashSetForAnyIds() {
        long[] special = {0, 1, 63, 64, 65, 127, 128, (1 << 20) - 1, 1 << 20, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, -1, Long.MIN_VALUE,
                Long.MAX_VALUE, 1L << 40};
        java.util.List<String> wrong = new java.util.ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            TxnIdSet set = new TxnIdSet();
            Set<Long> reference = new HashSet<>();
            for (int step = 0; step < 5_000; step++) {
                long id = switch (random.nextInt(4)) {
                    case 0 -> special[random.nextInt(special.length)];
                    case 1 -> random.nextLong(100_000);
                    case 2 -> random.nextLong();
                    default -> random.nextInt(200);
                };
                if (random.nextInt(1_000) == 0) {
                    set.clear();
                    reference.clear();
                } else if (random.nextBoolean()) {
                    set.add(id);
                    reference.add(id);
                }
                long other = special[random.nextInt(special.length)];
                if (set.contains(id) != reference.contains(id) || set.contains(other) != reference.contains(other)) {
                    wrong.add("seed " + seed + " step " + step + " ids " + id + ", " + other);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }
}
