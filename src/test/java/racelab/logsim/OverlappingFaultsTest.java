package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.result.ClusterSnapshot;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.MachineSnapshot;
import racelab.logsim.result.OutputAudit;
import racelab.logsim.result.ReplicaSnapshot;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.Workload;

/**
 * Faults that overlap on one machine, as the safety campaign draws them: a machine stays down until every outage that
 * holds it ends, a power cut reaches the page cache of a broker whose process was already killed, the kernel keeps
 * writing back a killed broker's pages, and overlapping isolations and pauses last until the last of them ends.
 * Before, the end of a kill restarted a machine that a later power cut still held without power (seed 292 of
 * {@code log-safety --set processing.guarantee=at_least_once --set sim.network.jitter.ms=40}).
 */
class OverlappingFaultsTest {

    private static final String PROBE = "probe";

    private static LogScene scene(List<Fault> faults) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("replication.factor", "3");
        settings.put("min.insync.replicas", "2");
        settings.put("sim.instances", "2");
        List<Fault> sorted = new ArrayList<>(faults);
        sorted.sort((a, b) -> Long.compare(a.atMs(), b.atMs()));
        return new LogScene("overlap", "<generated>", "overlapping faults", 5, settings, Map.of(), List.of(), "none",
                new Workload(4, 5_000, 300, 20, 400, 0, 1_000), List.copyOf(sorted), Map.of(), -1, "");
    }

    private static Fault fault(long atMs, String kind, long durationMs, String... targets) {
        return new Fault(atMs, kind, List.of(targets), null, durationMs, 0, "");
    }

    /** A harmless fault whose only purpose is the snapshot taken when it fires (1 ms of 1 ms extra delay). */
    private static Fault probe(long atMs) {
        return new Fault(atMs, "slow", List.of("app-2"), null, 1, 1, PROBE);
    }

    private static ClusterSnapshot at(LogRunResult r, long timeMs) {
        return r.snapshots().stream().filter(s -> s.timeMs() == timeMs && s.label().startsWith("after slow"))
                .findFirst().orElseThrow();
    }

    private static MachineSnapshot machine(ClusterSnapshot s, String id) {
        return s.machines().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<ReplicaSnapshot> replicasOn(ClusterSnapshot s, String broker) {
        List<ReplicaSnapshot> on = new ArrayList<>();
        s.partitions().forEach(p -> p.replicas().stream().filter(r -> r.broker().equals(broker)).forEach(on::add));
        return on;
    }

    @Test
    void aMachineHeldByAPowerCutStaysDownWhenAnEarlierKillEnds() throws Exception {
        for (String machine : List.of("broker-1", "app-1")) {
            LogRunResult r = LogSimulation.run(scene(List.of(fault(10_000, "kill", 2_000, machine),
                    fault(11_000, "power-cut", 20_000, machine), probe(13_000), probe(31_500))), 5, Map.of());
            assertThat(machine(at(r, 13_000), machine).up()).as(machine + " after the kill ends, power still out").isFalse();
            assertThat(machine(at(r, 31_500), machine).up()).as(machine + " once the power is back").isTrue();
        }
    }

    @Test
    void aPowerCutEmptiesThePageCacheOfABrokerWhoseProcessWasKilled() throws Exception {
        LogRunResult r = LogSimulation.run(scene(List.of(fault(10_000, "kill", 5_000, "broker-1"),
                fault(10_500, "power-cut", 1_000, "broker-1"))), 5, Map.of());
        assertThat(r.trace()).anyMatch(e -> e.kind().equals("page-cache-lost") && e.text().startsWith("broker-1 loses"));
        assertThat(r.trace()).filteredOn(e -> e.kind().equals("restart")).extracting(e -> e.timeMs())
                .as("one restart, when the kill's outage ends").containsExactly(11_500L, 15_000L);
        assertThat(r.trace()).anyMatch(e -> e.kind().equals("still-down") && e.timeMs() == 11_500);
    }

    @Test
    void theKernelWritesBackAKilledBrokersPages() throws Exception {
        LogRunResult r = LogSimulation.run(scene(List.of(fault(10_000, "kill", 60_000, "broker-1"), probe(10_001),
                probe(50_000))), 5, Map.of());
        assertThat(replicasOn(at(r, 10_001), "broker-1")).as("dirty pages at the kill")
                .anyMatch(rep -> rep.flushedOffset() < rep.writtenOffset());
        assertThat(replicasOn(at(r, 50_000), "broker-1")).as("written back 30 s later (dirty_expire)")
                .allMatch(rep -> rep.flushedOffset() == rep.writtenOffset());
    }

    @Test
    void overlappingIsolationsAndPausesLastUntilTheLastOneEnds() throws Exception {
        LogRunResult r = LogSimulation.run(scene(List.of(fault(10_000, "isolate", 5_000, "broker-2"),
                fault(12_000, "isolate", 10_000, "broker-2"), fault(10_000, "pause", 5_000, "app-1"),
                fault(12_000, "pause", 10_000, "app-1"), probe(16_000), probe(23_000))), 5, Map.of());
        assertThat(machine(at(r, 16_000), "broker-2").isolated()).isTrue();
        assertThat(machine(at(r, 16_000), "app-1").paused()).isTrue();
        assertThat(machine(at(r, 23_000), "broker-2").isolated()).isFalse();
        assertThat(machine(at(r, 23_000), "app-1").paused()).isFalse();
    }

    @Test
    void theUnexplainedSweepRunIsNowExplainedAsAtLeastOnceReplays() throws Exception {
        // The schedule the sweep ran then: the campaign's first schedules (FaultSchedules.firstCampaignScene).
        LogRunResult r = LogSimulation.run(racelab.logsim.safety.FaultSchedules.firstCampaignScene(292), 292,
                Map.of("processing.guarantee", "at_least_once", "sim.network.jitter.ms", "40"));
        assertThat(r.unexplained()).isEmpty();
        assertThat(r.output(OutputAudit.APPLIED).lost()).as("decisions missing from the applied topic").isEmpty();
        assertThat(r.lostEntries()).isEmpty();
        assertThat(r.causes()).containsOnly("F1");
        r.outputs().forEach(o -> assertThat(o.causes()).isSubsetOf("F1"));
    }
}
