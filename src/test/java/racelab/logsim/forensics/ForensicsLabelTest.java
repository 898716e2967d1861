package racelab.logsim.forensics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.WrongAccount;
import racelab.logsim.safety.FaultSchedules;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.Workload;

/**
 * Forensics names the mechanism that actually happened, and never guesses F3 for an entry whose input offset was never
 * committed. Each case below ended UNEXPLAINED before: the audit guessed a mode that its own gate then refused.
 */
class ForensicsLabelTest {

    private static List<EntryIssue> issues(LogRunResult r) {
        return r.wrongAccounts().stream().flatMap(w -> w.issues().stream()).toList();
    }

    @Test
    void anEntryWhoseChangelogWriteNeverSucceededAndWhoseOffsetWasNeverCommittedIsPendingNotF3() throws Exception {
        // at_least_once; changelog-0 needs all three replicas (its own min.insync.replicas=3) and broker-3 dies for
        // good: every later changelog send fails with NOT_ENOUGH_REPLICAS, the task fails before committing (the
        // default production exception handler FAILs) and reprocesses the same entries again and again.
        Map<String, String> s = new LinkedHashMap<>();
        s.put("processing.guarantee", "at_least_once");
        s.put("replication.factor", "3");
        s.put("min.insync.replicas", "2");
        s.put("changelog/min.insync.replicas", "3");
        s.put("delivery.timeout.ms", "5000");
        s.put("request.timeout.ms", "2000");
        List<Fault> faults = List.of(new Fault(10_000, "kill", List.of("broker-3"), null, -1, 0, ""));
        LogScene scene = new LogScene("pending", "<generated>", "pending", 3, s, Map.of(), List.of(), "none",
                new Workload(6, 5_000, 400, 20, 400, 0, 1_000), faults, Map.of(), 40_000, "");
        LogRunResult r = LogSimulation.run(scene, 3, Map.of());

        assertThat(r.unexplained()).isEmpty();
        assertThat(r.causes()).doesNotContain("F3");
        List<EntryIssue> pending = issues(r).stream().filter(i -> i.mode().equals("pending")).toList();
        assertThat(pending).as("entries stuck behind the unwritable changelog").isNotEmpty()
                .allSatisfy(i -> assertThat(i.where()).contains("input offset was never committed"));
        assertThat(r.unprocessedEntries()).isPositive();
    }

    @Test
    void aTopicWhoseReplicationFactorIsBelowMinInsyncReplicasStillTakesAcksAll() throws Exception {
        // Partition.appendRecordsToLeader compares the ISR with effectiveMinIsr = min(min.insync.replicas, replicas).
        // The simulator compared it with min.insync.replicas and refused every changelog write (log-safety seed 146).
        LogRunResult r = LogSimulation.run(FaultSchedules.firstCampaignScene(146), 146,
                Map.of("processing.guarantee", "at_least_once", "replication.factor", "1"));
        assertThat(r.unexplained()).isEmpty();
        assertThat(r.correct()).as("%s", r.causes()).isTrue();
        assertThat(r.trace()).noneMatch(e -> e.text().contains("NOT_ENOUGH_REPLICAS"));
    }

    @Test
    void campaignSeedsThatEndedUnexplainedUnderUnsafeSettingsNowNameTheirModes() throws Exception {
        // Found by log-safety sweeps with unsafe settings: a changelog record that died with its instance before the
        // commit, the entry then rejected on a replayed balance (F1's consequence); applied-topic duplicates under
        // exactly_once_v2 after a power cut split a transaction across topics (F9).
        Map<String, String> alos = Map.of("processing.guarantee", "at_least_once");
        Map<String, String> noFsyncNoElr = Map.of("flush.messages", Long.toString(Long.MAX_VALUE),
                "eligible.leader.replicas.version", "0");
        for (long seed : new long[] {112, 240, 274}) {
            LogRunResult r = LogSimulation.run(FaultSchedules.firstCampaignScene(seed), seed, alos);
            assertThat(r.unexplained()).as("seed %d", seed).isEmpty();
            assertThat(r.causes()).as("seed %d", seed).containsOnly("F1");
            assertThat(r.wrongAccounts()).flatMap(WrongAccount::causes).as("seed %d", seed).doesNotContain("unexplained");
        }
        for (long seed : new long[] {171, 295}) {
            LogRunResult r = LogSimulation.run(FaultSchedules.firstCampaignScene(seed), seed, noFsyncNoElr);
            assertThat(r.unexplained()).as("seed %d", seed).isEmpty();
            assertThat(r.output("applied").causes()).as("seed %d", seed).contains("F9");
        }
    }
}
