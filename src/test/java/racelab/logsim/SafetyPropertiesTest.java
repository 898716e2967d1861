package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.Workload;

/**
 * With every safety setting on (acks=all, idempotence, RF 3, min.insync.replicas=2, exactly_once_v2) and either
 * fsync on every append or every machine in its own power domain, no power-cut schedule loses or duplicates an entry.
 */
class SafetyPropertiesTest {

    private static final List<String> MACHINES = List.of("broker-1", "broker-2", "broker-3", "app-1", "app-2");

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    private static Map<String, String> safe(boolean fsync) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("acks", "all");
        s.put("enable.idempotence", "true");
        s.put("replication.factor", "3");
        s.put("min.insync.replicas", "2");
        s.put("processing.guarantee", "exactly_once_v2");
        s.put("sim.instances", "2");
        if (fsync) {
            s.put("flush.messages", "1");
        }
        return s;
    }

    /** Random cuts of random machine sets, overlapping or not. */
    private static List<Fault> anyCuts(SplittableRandom random) {
        List<Fault> faults = new ArrayList<>();
        int cuts = 1 + random.nextInt(3);
        for (int i = 0; i < cuts; i++) {
            List<String> hit = new ArrayList<>();
            for (String m : MACHINES) {
                if (random.nextInt(3) > 0) {
                    hit.add(m);
                }
            }
            if (hit.isEmpty()) {
                hit.add(MACHINES.get(random.nextInt(MACHINES.size())));
            }
            faults.add(new Fault(5_000 + random.nextInt(40_000), "power-cut", hit, null, 2_000 + random.nextInt(20_000), 0, ""));
        }
        faults.sort((a, b) -> Long.compare(a.atMs(), b.atMs()));
        return faults;
    }

    /** One machine (one power domain) at a time, each back before the next cut. */
    private static List<Fault> oneDomainAtATime(SplittableRandom random) {
        List<Fault> faults = new ArrayList<>();
        long at = 3_000 + random.nextInt(5_000);
        int cuts = 1 + random.nextInt(3);
        for (int i = 0; i < cuts; i++) {
            long down = 2_000 + random.nextInt(15_000);
            faults.add(new Fault(at, "power-cut", List.of(MACHINES.get(random.nextInt(MACHINES.size()))), null, down, 0, ""));
            // Leave time to rejoin the ISR before the next domain fails.
            at += down + 20_000 + random.nextInt(10_000);
        }
        return faults;
    }

    private static LogScene scene(long seed, Map<String, String> settings, List<Fault> faults) {
        Workload workload = new Workload(6, 5_000, 400, 20, 400, 0, 1_000);
        return new LogScene("safety-" + seed, "<generated>", "safety", seed, settings, Map.of(), List.of(), "none",
                workload, faults, Map.of(), -1, "");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void fsyncOnEveryAppendSurvivesAnyPowerCutSchedule(long seed) throws Exception {
        List<Fault> faults = anyCuts(new SplittableRandom(seed));
        LogRunResult r = LogSimulation.run(scene(seed, safe(true), faults), seed, Map.of());
        assertThat(r.lostEntries()).as("lost with %s", faults).isEmpty();
        assertThat(r.duplicateEntries()).as("duplicated with %s", faults).isEmpty();
        assertThat(r.wrongAccounts()).isEmpty();
        assertThat(r.conserved()).isTrue();
        assertThat(r.appliedOutputDuplicates()).isZero();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void separatePowerDomainsSurviveOneDomainAtATime(long seed) throws Exception {
        List<Fault> faults = oneDomainAtATime(new SplittableRandom(seed * 31 + 7));
        LogRunResult r = LogSimulation.run(scene(seed, safe(false), faults), seed, Map.of());
        assertThat(r.lostEntries()).as("lost with %s", faults).isEmpty();
        assertThat(r.duplicateEntries()).as("duplicated with %s", faults).isEmpty();
        assertThat(r.wrongAccounts()).isEmpty();
        assertThat(r.conserved()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void leaderBouncesAndAZombiePauseLoseNothingWithSafeSettings() throws Exception {
        List<Fault> faults = List.of(
                new Fault(6_000, "leader-bounce", List.of("leader:changelog-0"), null, 5_000, 0, ""),
                new Fault(9_000, "leader-bounce", List.of("leader:journal-0"), null, 5_000, 0, ""),
                new Fault(20_005, "pause", List.of("app-1"), null, 50_000, 0, ""));
        LogRunResult r = LogSimulation.run(scene(3, safe(false), faults), 3, Map.of());
        assertThat(r.correct()).as("%s", r.wrongAccounts()).isTrue();
        assertThat(r.trace()).anyMatch(e -> e.kind().equals("election"));
        assertThat(r.trace()).anyMatch(e -> e.kind().equals("session-expired"));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void withoutFsyncASharedPowerDomainCanLoseAckedEntries(long seed) throws Exception {
        // The contrast that makes the two properties above meaningful: same safety settings, no fsync, one rack.
        List<Fault> cut = List.of(new Fault(30_000, "power-cut", MACHINES, null, 10_000, 0, ""));
        LogRunResult r = LogSimulation.run(scene(seed, safe(false), cut), seed, Map.of());
        assertThat(r.correct()).isFalse();
        assertThat(r.causes()).contains("F9");
    }
}
