package racelab.logsim.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
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
        Set<Long> jitters = new HashSet<>();
        int overlapping = 0;
        int overlappingOnOneMachine = 0;
        int multiMachineCuts = 0;
        int wholeRackCuts = 0;
        int maxFaults = 0;
        for (long seed = 1; seed <= 300; seed++) {
            LogScene scene = FaultSchedules.scene(seed);
            LogSettings settings = LogSimulation.settingsFor(scene, Map.of());
            FaultSchedules.SAFETY_SETTINGS.forEach((name, value) -> assertThat(settings.get(name)).isEqualTo(value));
            assertThat(settings.getLong("sim.client.delivery.timeout.ms")).as("the upstream client never gives up")
                    .isEqualTo(Integer.MAX_VALUE);
            jitters.add(settings.getLong("sim.network.jitter.ms"));
            assertThat(scene.faults()).isNotEmpty().hasSizeLessThanOrEqualTo(FaultSchedules.FAULTS_MAX);
            maxFaults = Math.max(maxFaults, scene.faults().size());
            firstFaultTimes.add(scene.faults().get(0).atMs());
            int machines = (int) (settings.getLong("sim.brokers") + settings.getLong("sim.instances"));
            List<Fault> faults = scene.faults();
            for (int i = 0; i < faults.size(); i++) {
                Fault f = faults.get(i);
                kinds.add(f.kind());
                assertThat(f.durationMs()).as("every fault heals or restarts").isPositive();
                if (f.kind().equals("power-cut") && f.targets().size() > 1) {
                    multiMachineCuts++;
                }
                if (f.kind().equals("power-cut") && f.targets().size() == machines) {
                    wholeRackCuts++;
                }
                for (int j = 0; j < i; j++) {
                    Fault earlier = faults.get(j);
                    if (f.atMs() < earlier.atMs() + earlier.durationMs()) {
                        overlapping++;
                        if (f.targets().stream().anyMatch(earlier.targets()::contains)) {
                            overlappingOnOneMachine++;
                        }
                        break;
                    }
                }
            }
        }
        assertThat(kinds).contains("power-cut", "kill", "isolate", "pause", "leader-bounce", "slow", "replication-lag");
        assertThat(firstFaultTimes).hasSizeGreaterThan(250);
        assertThat(jitters).contains(0L).anyMatch(j -> j > 40);
        assertThat(jitters).allMatch(j -> j <= FaultSchedules.JITTER_MAX_MS);
        assertThat(maxFaults).isEqualTo(FaultSchedules.FAULTS_MAX);
        assertThat(overlapping).isGreaterThan(150);
        assertThat(overlappingOnOneMachine).as("outages overlapping on one machine").isGreaterThan(100);
        assertThat(multiMachineCuts).isGreaterThan(60);
        assertThat(wholeRackCuts).isGreaterThan(10);
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
