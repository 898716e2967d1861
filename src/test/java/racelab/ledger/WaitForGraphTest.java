package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WaitForGraphTest {

    private static Map<String, String> edges(String... pairs) {
        Map<String, String> waits = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            waits.put(pairs[i], pairs[i + 1]);
        }
        return waits;
    }

    @Test
    void aChainWhoseHeadRunsIsNoCycle() {
        Map<String, String> chain = edges("T3", "T2", "T2", "T1");

        assertThat(WaitForGraph.cycle(chain)).isEmpty();
        assertThat(WaitForGraph.reaches(chain, "T3", "T1")).isTrue();
        assertThat(WaitForGraph.reaches(chain, "T1", "T3")).isFalse();
    }

    @Test
    void aRingOfThreeIsFoundWhateverLaneTheSearchStartsFrom() {
        Map<String, String> ring = edges("T1", "T3", "T2", "T1", "T3", "T2");

        assertThat(WaitForGraph.cycle(ring)).containsExactly("T1", "T3", "T2");
        assertThat(WaitForGraph.describe(WaitForGraph.cycle(ring)))
                .isEqualTo("T1 waits for T3, T3 waits for T2, T2 waits for T1");
    }

    @Test
    void aCycleBehindATailListsOnlyTheCycle() {
        assertThat(WaitForGraph.cycle(edges("T4", "T1", "T1", "T2", "T2", "T1"))).containsExactly("T1", "T2");
    }

    /** Against a brute-force definition: a lane is on a cycle iff following its edges comes back to it. */
    @Test
    void randomGraphsAgreeWithTheDefinition() {
        Random random = new Random(11);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(6);
            Map<String, String> waits = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                if (random.nextInt(3) > 0) {
                    waits.put("T" + i, "T" + random.nextInt(n));
                }
            }
            boolean anyOnCycle = waits.keySet().stream().anyMatch(lane -> WaitForGraph.reaches(waits, lane, lane));
            List<String> cycle = WaitForGraph.cycle(waits);
            assertThat(!cycle.isEmpty()).as("%s", waits).isEqualTo(anyOnCycle);
            for (int i = 0; i < cycle.size(); i++) {
                assertThat(waits.get(cycle.get(i))).isEqualTo(cycle.get((i + 1) % cycle.size()));
            }
        }
    }
}
