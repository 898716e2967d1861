package racelab.logsim.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.LogSettings;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;

/** The campaign's schedules: a function of the seed, varied, valid, always healed, with every safety setting on. */
class FaultSchedulesTest {

    @Test
    void aSeedIsAReproduction() {
        for (long seed = 1; seed <= 50; seed++) {
            assertThat(FaultSchedules.scene(seed)).isEqualTo(FaultSchedules.scene(seed));
        }
    }

    @Test
    void schedulesVaryAndCoverEveryFaultKindWithOverlaps() throws Exception {
        Set<String> kinds = new HashSet<>();
        Set<Long> firstFaultTimes = new HashSet<>();
        int overlapping = 0;
        int multiMachineCuts = 0;
        for (long seed = 1; seed <= 300; seed++) {
            LogScene scene = FaultSchedules.scene(seed);
            LogSettings settings = LogSimulation.settingsFor(scene, Map.of());
            FaultSchedules.SAFETY_SETTINGS.forEach((name, value) -> assertThat(settings.get(name)).isEqualTo(value));
            assertThat(scene.faults()).isNotEmpty();
            firstFaultTimes.add(scene.faults().get(0).atMs());
            Fault previous = null;
            for (Fault f : scene.faults()) {
                kinds.add(f.kind());
                assertThat(f.durationMs()).as("every fault heals or restarts").isPositive();
                if (f.kind().equals("power-cut") && f.targets().size() > 1) {
                    multiMachineCuts++;
                }
                if (previous != null && f.atMs() < previous.atMs() + previous.durationMs()) {
                    overlapping++;
                }
                previous = f;
            }
        }
        assertThat(kinds).contains("power-cut", "kill", "isolate", "pause", "leader-bounce", "slow", "replication-lag");
        assertThat(firstFaultTimes).hasSizeGreaterThan(250);
        assertThat(overlapping).isGreaterThan(30);
        assertThat(multiMachineCuts).isGreaterThan(30);
    }

    @Test
    void theReportAddsUpItsRuns() throws Exception {
        SafetyCampaign.Report report = SafetyCampaign.run(1, 3, Map.of(), (d, t, w) -> { }, () -> false);
        assertThat(report.runs()).isEqualTo(3);
        int lost = 0;
        int wrong = 0;
        for (long seed = 1; seed <= 3; seed++) {
            var r = SafetyCampaign.runOne(seed, Map.of());
            lost += r.lostEntries().size();
            wrong += SafetyCampaign.wrong(r) ? 1 : 0;
        }
        assertThat(report.lost()).isEqualTo(lost);
        assertThat(report.runsWrong()).isEqualTo(wrong);
        assertThat(report.failures()).hasSize(Math.min(wrong, SafetyCampaign.FAILURES_KEPT));
        report.failures().forEach(f -> assertThat(f.replay()).isEqualTo("log-safety --seeds " + f.seed() + ".." + f.seed()));
    }
}
