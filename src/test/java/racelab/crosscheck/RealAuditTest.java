package racelab.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import racelab.crosscheck.child.LedgerRules;
import racelab.logsim.config.LogSettings;
import racelab.logsim.model.JournalEntry;

/** The real-run audit on hand-made evidence: each mode is named only by the evidence that proves it. */
class RealAuditTest {

    /** e0, e1 open A and B with 100; e2 moves 30 A->B; e3 moves 50 B->A. Truth: A 120, B 80. */
    private static final List<JournalEntry> JOURNAL = List.of(new JournalEntry(0, null, "A", 100, 0),
            new JournalEntry(1, null, "B", 100, 1), new JournalEntry(2, "A", "B", 30, 2),
            new JournalEntry(3, "B", "A", 50, 3));

    private static final Map<Integer, Long> OFFSETS = Map.of(0, 0L, 1, 1L, 2, 2L, 3, 3L);

    private static String balance(long cents, String writer, String ids) {
        return new LedgerRules.Balance(cents, 0, writer, ids).encode();
    }

    private static Map<Integer, int[]> decided(int... ids) {
        Map<Integer, int[]> m = new HashMap<>();
        for (int id : ids) {
            m.computeIfAbsent(id, k -> new int[2])[0]++;
        }
        return m;
    }

    private static RealRunResult audit(Map<String, String> settings, RealAudit.Evidence ev) throws Exception {
        return new RealAudit(LogSettings.of(settings), JOURNAL).audit(1, ev, 0, 0, 0, 1, List.of());
    }

    @Test
    void aCorrectLedgerHasNoFindings() throws Exception {
        RealRunResult r = audit(Map.of(), new RealAudit.Evidence(Map.of("A", balance(120, "app-1", "0 2 3"),
                "B", balance(80, "app-1", "1 2 3")), Map.of("A", Set.of(0, 2, 3), "B", Set.of(1, 2, 3)),
                decided(0, 1, 2, 3), OFFSETS, -1, 4, Set.of(), false));
        assertThat(r.wrongAccounts()).isEmpty();
        assertThat(r.causes()).isEmpty();
        assertThat(r.conserved()).isTrue();
    }

    @Test
    void anEffectPresentTwiceUnderAtLeastOnceIsF1AndUnderExactlyOnceIsUnexplained() throws Exception {
        Map<String, String> finals = Map.of("A", balance(150, "app-2", "0 2 3 3"), "B", balance(30, "app-2", "1 2 3 3"));
        RealAudit.Evidence ev = new RealAudit.Evidence(finals, Map.of(), decided(0, 1, 2, 3, 3), OFFSETS, -1, 4,
                Set.of(), false);
        RealRunResult alos = audit(Map.of(), ev);
        assertThat(alos.duplicateEntries()).containsExactly(3);
        assertThat(alos.causes()).containsExactly("F1");
        assertThat(alos.appliedOutputDuplicates()).isEqualTo(1);
        assertThat(audit(Map.of("processing.guarantee", "exactly_once_v2"), ev).causes()).containsExactly("unexplained");
    }

    @Test
    void aBalanceWrittenByAZombieThatLacksAnEntryAnEarlierRecordHadIsF14() throws Exception {
        Map<String, String> finals = Map.of("A", balance(70, "app-1", "0 2"), "B", balance(80, "app-2", "1 2 3"));
        RealAudit.Evidence ev = new RealAudit.Evidence(finals, Map.of("A", Set.of(0, 2, 3), "B", Set.of(1, 2, 3)),
                decided(0, 1, 2, 3), OFFSETS, -1, 4, Set.of("app-1"), false);
        RealRunResult r = audit(Map.of("sim.processor.idempotent", "true"), ev);
        assertThat(r.lostEntries()).containsExactly(3);
        assertThat(r.causes()).containsExactly("F14");
        // The same balance written by an instance that was never paused is not called a zombie write.
        RealAudit.Evidence notZombie = new RealAudit.Evidence(finals, ev.everWritten(), ev.decisions(), OFFSETS, -1, 4,
                Set.of(), false);
        assertThat(audit(Map.of("sim.processor.idempotent", "true"), notZombie).causes()).containsExactly("unexplained");
    }

    @Test
    void aWriteThatNeverLandedIsF4OnlyWhenAutoCommitCommittedItsOffsetBeforeTheKill() throws Exception {
        Map<String, String> finals = Map.of("A", balance(70, "app-1", "0 2"), "B", balance(130, "app-1", "1 2"));
        Map<String, Set<Integer>> written = Map.of("A", Set.of(0, 2), "B", Set.of(1, 2));
        Map<String, String> handMade = Map.of("sim.design", "hand-made", "sim.processor.idempotent", "true");
        RealRunResult committed = audit(handMade, new RealAudit.Evidence(finals, written, decided(0, 1, 2), OFFSETS, 4, 4,
                Set.of(), false));
        assertThat(committed.lostEntries()).containsExactly(3);
        assertThat(committed.causes()).containsExactly("F4");
        RealRunResult notCommitted = audit(handMade, new RealAudit.Evidence(finals, written, decided(0, 1, 2), OFFSETS, 3,
                3, Set.of(), false));
        assertThat(notCommitted.causes()).doesNotContain("F4");
        assertThat(notCommitted.unprocessedEntries()).isPositive();
    }

    /**
     * A real step-f4 run: the killed instance had committed all four offsets (read right after the kill) and no KV write
     * reached a broker; the run ended before the restarted instance was given the partition, so the only RESUME line
     * is the killed instance's own first one, at 0. Taking that as the commit made every loss "unexplained".
     */
    @Test
    void theCommitReadRightAfterTheKillCountsWhenTheRestartedInstanceHasNotResumedYet() throws Exception {
        assertThat(RealRun.committedAtKill(List.of("RESUME 0 0"), 4)).isEqualTo(4);
        assertThat(RealRun.committedAtKill(List.of("RESUME 0 0", "RESUME 0 3"), 2)).as("the new owner's resume")
                .isEqualTo(3);
        assertThat(RealRun.committedAtKill(List.of(), -1)).as("no kill, no hand-made app").isEqualTo(-1);
        Map<String, String> handMade = Map.of("sim.design", "hand-made", "sim.processor.idempotent", "true");
        RealRunResult nothingLanded = audit(handMade, new RealAudit.Evidence(Map.of(), Map.of(), Map.of(), OFFSETS,
                RealRun.committedAtKill(List.of("RESUME 0 0"), 4), 4, Set.of(), false));
        assertThat(nothingLanded.lostEntries()).containsExactly(0, 1, 2, 3);
        assertThat(nothingLanded.causes()).containsExactly("F4");
        RealRunResult fromTheResumeLineAlone = audit(handMade, new RealAudit.Evidence(Map.of(), Map.of(), Map.of(),
                OFFSETS, 0, 4, Set.of(), false));
        assertThat(fromTheResumeLineAlone.causes()).as("what the run reported before").containsExactly("unexplained");
    }

    /**
     * The hand-made app killed after a batch left and before the next auto-commit: the new owner replays e3, whose
     * writes are on the broker, and the idempotent processor sends its decision again. The note says so only when e3's
     * offset was not committed.
     */
    @Test
    void aDecisionSentTwiceByAReplayAfterTheKillIsExplainedOnlyWhenItsOffsetWasNotCommitted() throws Exception {
        Map<String, String> finals = Map.of("A", balance(120, "app-1", "0 2 3"), "B", balance(80, "app-1", "1 2 3"));
        Map<String, Set<Integer>> written = Map.of("A", Set.of(0, 2, 3), "B", Set.of(1, 2, 3));
        Map<String, String> handMade = Map.of("sim.design", "hand-made", "sim.processor.idempotent", "true");
        RealRunResult replayed = audit(handMade, new RealAudit.Evidence(finals, written, decided(0, 1, 2, 3, 3),
                OFFSETS, 3, 4, Set.of(), false));
        assertThat(replayed.wrongAccounts()).isEmpty();
        assertThat(replayed.appliedOutputDuplicates()).isEqualTo(1);
        assertThat(replayed.notes()).anyMatch(note -> note.startsWith("e3 decided twice on the applied topic: a replay "
                + "after the kill (input offset 3, the killed instance had committed below 3)"));
        RealRunResult committed = audit(handMade, new RealAudit.Evidence(finals, written, decided(0, 1, 2, 3, 3),
                OFFSETS, 4, 4, Set.of(), false));
        assertThat(committed.appliedOutputDuplicates()).isEqualTo(1);
        assertThat(committed.notes()).noneMatch(note -> note.contains("decided twice"));
        RealRunResult streams = audit(Map.of(), new RealAudit.Evidence(finals, written, decided(0, 1, 2, 3, 3),
                OFFSETS, 3, 4, Set.of(), false));
        assertThat(streams.notes()).as("not the hand-made app").noneMatch(note -> note.contains("decided twice"));
    }

    @Test
    void aProcessedEntryWhoseWritesVanishedIsF5OnlyWithAcksOneAndAKilledBroker() throws Exception {
        Map<String, String> finals = Map.of("A", balance(70, "app-1", "0 2"), "B", balance(130, "app-1", "1 2"));
        Map<String, Set<Integer>> written = Map.of("A", Set.of(0, 2), "B", Set.of(1, 2));
        RealAudit.Evidence killed = new RealAudit.Evidence(finals, written, decided(0, 1, 2, 3), OFFSETS, -1, 4, Set.of(),
                true);
        assertThat(audit(Map.of("acks", "1"), killed).causes()).containsExactly("F5");
        assertThat(audit(Map.of("acks", "all"), killed).causes()).containsExactly("unexplained");
        RealAudit.Evidence noKill = new RealAudit.Evidence(finals, written, decided(0, 1, 2, 3), OFFSETS, -1, 4, Set.of(),
                false);
        assertThat(audit(Map.of("acks", "1"), noKill).causes()).containsExactly("unexplained");
    }
}
