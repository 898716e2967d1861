package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.safety.SafetyCampaign;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.Workload;

/**
 * {@code sim.network.jitter.ms} above 0 with the newer mechanics: durable transaction markers, the KIP-360 epoch bump,
 * eligible leader replicas and the producer's connections. Jitter gives every link its own seeded latency, so
 * requests, fetches, markers and answers cross in orders a fixed delay never produces. Every property here is one
 * that must hold for any latency: with every safety setting on nothing is lost, duplicated or unexplained.
 */
class JitterPropertiesTest {

    private static Map<String, String> safe(long jitterMs) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("acks", "all");
        s.put("enable.idempotence", "true");
        s.put("replication.factor", "3");
        s.put("min.insync.replicas", "2");
        s.put("processing.guarantee", "exactly_once_v2");
        s.put("sim.instances", "2");
        s.put("flush.messages", "1");
        s.put("sim.network.jitter.ms", Long.toString(jitterMs));
        return s;
    }

    private static LogScene scene(long seed, Map<String, String> settings, List<Fault> faults, int transfers) {
        return new LogScene("jitter-" + seed, "<generated>", "jitter", seed, settings, Map.of(), List.of(), "none",
                new Workload(6, 5_000, transfers, 20, 400, 0, 1_000), faults, Map.of(), -1, "");
    }

    private static Fault fault(long atMs, String kind, long durationMs, String... targets) {
        return new Fault(atMs, kind, List.of(targets), null, durationMs, 0, "");
    }

    private static boolean traced(LogRunResult r, String kind) {
        return r.trace().stream().anyMatch(e -> e.kind().equals(kind));
    }

    @Test
    void theSafetyCampaignStaysCleanUnderLargeSeededJitter() throws Exception {
        // log-safety draws 0..3 ms of jitter; here 5..65 ms per link, larger than the network delay itself.
        List<String> wrong = new ArrayList<>();
        for (long seed = 1; seed <= 30; seed++) {
            long jitterMs = 5 + (seed * 37) % 61;
            LogRunResult r = SafetyCampaign.runOne(seed, Map.of("sim.network.jitter.ms", Long.toString(jitterMs)));
            if (SafetyCampaign.wrong(r) || !r.unexplained().isEmpty()) {
                wrong.add("seed " + seed + " jitter " + jitterMs + ": lost " + r.lostEntries().size() + ", duplicated "
                        + r.duplicateEntries().size() + ", causes " + r.causes() + ", unexplained " + r.unexplained());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void markersLostInALeaderTruncationAreWrittenAgainUnderJitter() throws Exception {
        // LogMechanicsTest's marker schedule (two isolations and a power cut) with 10..70 ms of jitter per link.
        List<Fault> faults = List.of(fault(5_905, "isolate", 33_618, "broker-1", "broker-2"),
                fault(29_978, "isolate", 17_954, "broker-1"), fault(30_094, "power-cut", 27_364, "broker-2"));
        int markerRetries = 0;
        for (long jitterMs : new long[] {10, 40, 70}) {
            LogRunResult r = LogSimulation.run(scene(27, safe(jitterMs), faults, 600), 27, Map.of());
            markerRetries += traced(r, "marker-retry") ? 1 : 0;
            assertThat(r.correct()).as("jitter %d: %s %s", jitterMs, r.causes(), r.unexplained()).isTrue();
            assertThat(r.unprocessedEntries()).as("jitter %d", jitterMs).isZero();
        }
        assertThat(markerRetries).as("the schedule still truncates a marker under some jitter").isPositive();
    }

    @Test
    void eligibleLeaderReplicasKeepAckedDataUnderJitterAndTheLastReplicaStandingIsStillNamed() throws Exception {
        // KIP-966's sequence (both followers cut off, then the last ISR member loses its page cache), fsync off.
        for (long jitterMs : new long[] {15, 55}) {
            Map<String, String> on = new LinkedHashMap<>(safe(jitterMs));
            on.remove("flush.messages");
            on.put("eligible.leader.replicas.version", "1");
            Map<String, String> off = new LinkedHashMap<>(on);
            off.put("eligible.leader.replicas.version", "0");
            List<Fault> faults = List.of(fault(30_000, "isolate", 40_000, "broker-1", "broker-3"),
                    fault(42_000, "power-cut", 10_000, "broker-2"));
            LogRunResult withElr = LogSimulation.run(scene(4, on, faults, 1_200), 4, Map.of());
            assertThat(withElr.correct()).as("ELR on, jitter %d: %s", jitterMs, withElr.causes()).isTrue();
            LogRunResult withoutElr = LogSimulation.run(scene(4, off, faults, 1_200), 4, Map.of());
            // At 55 ms this run ends with a transaction still open; its entries were named F6 (impossible with
            // idempotence) until the audit checked that a surviving changelog record was committed.
            assertThat(withoutElr.unexplained()).as("ELR off, jitter %d", jitterMs).isEmpty();
            assertThat(withoutElr.causes()).as("ELR off, jitter %d", jitterMs).isSubsetOf("F9", "F10", "F11");
        }
    }

    @Test
    void anIdempotentProducerBumpsItsEpochAfterATruncationAndProgressesUnderJitter() throws Exception {
        // LogMechanicsTest's F8 schedule (an unclean election truncates records the producers had acked) with jitter:
        // OUT_OF_ORDER_SEQUENCE_NUMBER must lead to an epoch bump and progress, never to a livelock.
        LogScene f8 = racelab.logsim.scene.LogSceneLoader.load(java.nio.file.Path.of("scenes/f8-unclean-election.yaml"));
        List<Fault> faults = List.of(fault(20_000, "isolate", 40_000, "broker-3"), fault(50_000, "kill", 30_000, "broker-2"));
        LogScene running = new LogScene(f8.id(), f8.file(), f8.title(), f8.seed(), f8.settings(), f8.fix(), f8.modes(),
                f8.expect(), f8.workload(), faults, f8.powerDomains(), f8.durationMs(), f8.narration());
        int bumps = 0;
        for (long jitterMs : new long[] {5, 30, 60}) {
            LogRunResult r = LogSimulation.run(running, f8.seed(), Map.of("sim.network.jitter.ms", Long.toString(jitterMs)));
            bumps += traced(r, "epoch-bump") ? 1 : 0;
            assertThat(r.settled()).as("jitter %d", jitterMs).isTrue();
            assertThat(r.unprocessedEntries()).as("jitter %d: every entry processed", jitterMs).isZero();
            assertThat(r.unexplained()).as("jitter %d", jitterMs).isEmpty();
            assertThat(traced(r, "send-failed")).as("jitter %d: no batch given up", jitterMs).isFalse();
        }
        assertThat(bumps).as("a truncation hit an idempotent producer under some jitter").isPositive();
    }
}
