package racelab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulated log side: deterministic, so its shape can be checked exactly. These are simulated milliseconds from
 * the model, not wall-clock timings of this machine.
 */
class DurabilityBenchTest {

    @Test
    void replicationCostsSimulatedTimeAndOnlyExactlyOnceWithFlushSurvivesAWholeRackPowerCut() {
        List<DurabilityBench.Variant> all = DurabilityBench.issueVariants();
        DurabilityBench.Variant acksOne = all.get(0);
        DurabilityBench.Variant acksAll = all.get(1);
        DurabilityBench.Variant eosAndFlush = all.get(all.size() - 1);
        assertThat(eosAndFlush.overrides()).containsKeys("processing.guarantee", "flush.messages");

        DurabilityBench.Report report = new DurabilityBench(200, 200, 20, List.of(1L), 600)
                .run(List.of(acksOne, acksAll, eosAndFlush));

        assertThat(report.label()).contains("SIMULATED");
        assertThat(report.modelParameters()).containsKeys("sim.network.delay.ms", "linger.ms", "fsync cost");
        DurabilityBench.VariantResult one = report.variants().get(0);
        DurabilityBench.VariantResult allAcks = report.variants().get(1);
        DurabilityBench.VariantResult safe = report.variants().get(2);
        // acks=all waits for the followers to fetch: a longer round trip for a writer that waits.
        assertThat(one.syncRecordsPerSecond()).isGreaterThan(allAcks.syncRecordsPerSecond());
        // Replicas in one power domain all lose their page cache: acks=all alone does not keep the entries.
        assertThat(allAcks.unfinishedSeeds()).isEmpty();
        assertThat(allAcks.lostBySeed().get(0)).isPositive();
        assertThat(safe.unfinishedSeeds()).isEmpty();
        assertThat(safe.notExactlyOnceBySeed()).containsExactly(0);
        assertThat(safe.wrongAccountsBySeed()).containsExactly(0);
        assertThat(safe.entries()).isGreaterThan(6000);
    }

    @Test
    void theTableSaysSimulatedAndNamesEverySetting() {
        DurabilityBench.VariantResult row = new DurabilityBench.VariantResult("acks=1", java.util.Map.of("acks", "1"),
                52, 102, 500, 2, 6020, List.of(3), List.of(2), List.of(1), List.of(4), List.of("F3"), List.of());
        DurabilityBench.Report report = new DurabilityBench.Report("SIMULATED", java.util.Map.of("linger.ms", "100"),
                200, 2000, 200, "cut", List.of(1L), List.of(row));
        String table = DurabilityBench.table(report);
        assertThat(table).startsWith("SIMULATED").contains("linger.ms=100", "acks=1", "[3]/6020", "F3");
    }
}
