package racelab.crosscheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import racelab.crosscheck.child.LedgerRules;
import racelab.logsim.config.LogSettings;
import racelab.logsim.forensics.GroundTruth;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.result.WrongAccount;

/**
 * Audits a real run the way {@code racelab.logsim.forensics.Forensics} audits a simulated one: the final restore
 * (last changelog value per account, read_committed under exactly_once_v2) against the ground truth (the journal
 * applied in order with the no-overdraft rule), per entry and account, and names the catalog mode of each finding
 * from what the real topics and processes show:
 * <ul>
 * <li>F1: an effect present twice under at_least_once with a plain processor (a replay after a restore);</li>
 * <li>F4: an entry whose input offset the hand-made app's auto-commit committed but whose KV write never reached a
 *     broker;</li>
 * <li>F5: an entry that was processed (its decision is in the applied topic) whose changelog write vanished with a
 *     killed leader while the producer ran with acks other than all;</li>
 * <li>F14: an entry overwritten by a balance that a paused (SIGSTOP) instance wrote after its task had moved.</li>
 * </ul>
 * Findings that follow from a wrong balance inherit the modes of the accounts involved, as in the simulator.
 */
final class RealAudit {

    /** What the run left behind, read back from the real cluster. */
    /**
     * What the run left behind, read back from the real cluster.
     *
     * @param everWritten per account, every entry id any surviving changelog record of it contains
     * @param decisions per entry id, how often the applied topic says applied [0] and rejected [1]
     * @param inputOffsets per entry id, its journal offset (from the upstream producer's acks)
     * @param committedAtKill the input offset the instance that took over resumed from (-1: unknown), the killed
     *     instance's last commit included
     * @param committedAtEnd the group's committed input offset when the run ended
     * @param zombies instances that were paused while their task moved
     */
    record Evidence(Map<String, String> finalValues, Map<String, Set<Integer>> everWritten, Map<Integer, int[]> decisions,
            Map<Integer, Long> inputOffsets, long committedAtKill, long committedAtEnd, Set<String> zombies,
            boolean brokerKilled) {
    }

    private final LogSettings settings;
    private final List<JournalEntry> journal;

    RealAudit(LogSettings settings, List<JournalEntry> journal) {
        this.settings = settings;
        this.journal = journal;
    }

    RealRunResult audit(int run, Evidence ev, long wallMs, long brokerStartMs, long brokerRssKb, double scale,
            List<String> notes) {
        GroundTruth groundTruth = GroundTruth.of(journal);
        Map<String, Long> truth = groundTruth.balances();
        boolean[] truthApplied = groundTruth.applied();
        long expectedTotal = groundTruth.expectedTotal();
        Map<String, List<Integer>> touching = groundTruth.touching();
        Map<String, List<Issue>> issues = new TreeMap<>();
        Map<String, Long> actual = new TreeMap<>();
        long actualTotal = 0;
        for (String account : truth.keySet()) {
            LedgerRules.Balance balance = LedgerRules.Balance.decode(ev.finalValues().get(account));
            long cents = balance == null ? 0 : balance.cents();
            actual.put(account, cents);
            actualTotal += cents;
            Map<Integer, Integer> counts = balance == null ? Map.of() : balance.applications();
            List<Issue> list = new ArrayList<>();
            for (int id : touching.getOrDefault(account, List.of())) {
                int c = counts.getOrDefault(id, 0);
                if (truthApplied[id] && c == 0) {
                    list.add(lost(id, account, balance, ev));
                } else if (truthApplied[id] && c > 1) {
                    boolean replay = !settings.isExactlyOnce() && !settings.getBool("sim.processor.idempotent");
                    list.add(new Issue(id, "DUPLICATED", replay ? "F1" : "unexplained"));
                } else if (!truthApplied[id] && c > 0) {
                    list.add(new Issue(id, "WRONGLY_APPLIED", "consequence"));
                }
            }
            issues.put(account, list);
        }
        Set<String> allModes = new TreeSet<>();
        issues.values().forEach(l -> l.stream().map(Issue::mode).filter(m -> m.startsWith("F")).forEach(allModes::add));
        Set<Integer> lost = new TreeSet<>();
        Set<Integer> duplicated = new TreeSet<>();
        Set<Integer> wronglyDecided = new TreeSet<>();
        Set<String> causes = new TreeSet<>(allModes);
        int pending = 0;
        List<WrongAccount> wrong = new ArrayList<>();
        for (Map.Entry<String, List<Issue>> entry : issues.entrySet()) {
            Set<String> accountCauses = new TreeSet<>();
            for (Issue issue : entry.getValue()) {
                String mode = issue.mode();
                if (mode.equals("consequence")) {
                    mode = inherited(issue.entryId(), issues, allModes);
                }
                accountCauses.add(mode);
                if (mode.equals("pending")) {
                    pending++;
                } else if (!mode.startsWith("F")) {
                    causes.add("unexplained");
                }
                switch (issue.kind()) {
                    case "LOST" -> lost.add(issue.entryId());
                    case "DUPLICATED" -> duplicated.add(issue.entryId());
                    default -> wronglyDecided.add(issue.entryId());
                }
            }
            long expected = truth.get(entry.getKey());
            long got = actual.get(entry.getKey());
            if (expected != got) {
                if (accountCauses.isEmpty()) {
                    accountCauses.add("unexplained");
                    causes.add("unexplained");
                }
                wrong.add(new WrongAccount(entry.getKey(), expected, got, List.copyOf(accountCauses), List.of()));
            }
        }
        int outputDuplicates = 0;
        List<String> allNotes = new ArrayList<>(notes);
        for (Map.Entry<Integer, int[]> decision : new TreeMap<>(ev.decisions()).entrySet()) {
            if (decision.getValue()[0] > 1) {
                outputDuplicates++;
                replayNote(decision.getKey(), ev).ifPresent(allNotes::add);
            }
        }
        return new RealRunResult(run, List.copyOf(wrong), List.copyOf(lost), List.copyOf(duplicated),
                List.copyOf(wronglyDecided), expectedTotal == actualTotal, expectedTotal, actualTotal, List.copyOf(causes),
                outputDuplicates, pending, wallMs, brokerStartMs, brokerRssKb, scale, List.copyOf(allNotes));
    }

    /**
     * Why an entry is "applied" twice on the applied topic, when the evidence says: the hand-made app with auto-commit
     * was killed before committing the entry's input offset, after its writes had left, so the instance that took
     * over processed it again and the idempotent processor, recognising the replay, sent its decision again
     * ({@code LedgerRules.replayed}). The simulator's hand-made app does the same ({@code StreamTask.replayedTransfer})
     * and labels the run F1; whether a real run has it depends on where the kill falls between the producer's batch and
     * the next auto-commit, which a real run does not control (the scene's time is scaled, the phase is not).
     */
    private java.util.Optional<String> replayNote(int id, Evidence ev) {
        Long offset = ev.inputOffsets().get(id);
        boolean autoCommit = settings.isHandMade() && settings.getBool("enable.auto.commit");
        if (!autoCommit || offset == null || ev.committedAtKill() < 0 || offset < ev.committedAtKill()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("e" + id + " decided twice on the applied topic: a replay after the kill (input "
                + "offset " + offset + ", the killed instance had committed below " + ev.committedAtKill() + "), its writes already "
                + "sent, so the idempotent processor sent its decision again; the simulator's F1 when the kill falls "
                + "after a batch left and before the next auto-commit");
    }

    private record Issue(int entryId, String kind, String mode) {
    }

    private Issue lost(int id, String account, LedgerRules.Balance finalBalance, Evidence ev) {
        if (ev.everWritten().getOrDefault(account, Set.of()).contains(id)) {
            // A surviving balance had it; the restored one was computed without it.
            if (finalBalance != null && ev.zombies().contains(finalBalance.writer())) {
                return new Issue(id, "LOST", "F14");
            }
            return new Issue(id, "LOST", "consequence");
        }
        // No surviving balance ever had it.
        Long offset = ev.inputOffsets().get(id);
        boolean autoCommit = settings.isHandMade() && settings.getBool("enable.auto.commit");
        if (autoCommit && offset != null && offset < ev.committedAtKill()) {
            // Its offset was committed by the killed instance; its KV write never reached a broker.
            return new Issue(id, "LOST", "F4");
        }
        int[] seen = ev.decisions().get(id);
        boolean processed = (seen != null && seen[0] > 0) || (offset != null && offset < ev.committedAtEnd());
        if (processed && ev.brokerKilled() && settings.acks() != -1) {
            // Processed, its writes acknowledged by the leader alone, and gone after the leader was killed.
            return new Issue(id, "LOST", "F5");
        }
        if (seen != null && seen[1] > 0) {
            return new Issue(id, "LOST", "consequence");
        }
        return new Issue(id, "LOST", processed ? "unexplained" : "pending");
    }

    private String inherited(int id, Map<String, List<Issue>> issues, Set<String> allModes) {
        JournalEntry e = journal.get(id);
        Set<String> from = new TreeSet<>();
        for (String acct : e.isOpening() ? List.of(e.toAccount()) : List.of(e.fromAccount(), e.toAccount())) {
            issues.getOrDefault(acct, List.of()).stream().map(Issue::mode).filter(m -> m.startsWith("F")).forEach(from::add);
        }
        if (from.isEmpty()) {
            from.addAll(allModes);
        }
        return from.isEmpty() ? "unexplained" : from.iterator().next();
    }
}
