package racelab.logsim.forensics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import racelab.logsim.client.GroupCoordinator;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.ReplicaLog;
import racelab.logsim.config.LogSettings;
import racelab.logsim.model.AppliedEvent;
import racelab.logsim.model.InputItem;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.model.LogRecord;
import racelab.logsim.model.StoreValue;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.OutputAudit;
import racelab.logsim.result.WrongAccount;

/**
 * Compares a recovered ledger with the ground truth (the journal applied in order to empty accounts) and explains
 * every difference: which entry was lost, duplicated or wrongly decided on which account, where its record died, and
 * the catalog mode (F-number) of that mechanism.
 */
public final class Forensics {

    /** What the analysis found. */
    public record Findings(List<WrongAccount> wrongAccounts, List<Integer> lostEntries, List<Integer> duplicateEntries,
            List<Integer> wronglyDecided, int appliedExactlyOnce, boolean conserved, long expectedTotal, long actualTotal,
            List<String> causes, int appliedOutputDuplicates, int unprocessedEntries, Map<String, Long> actualBalances,
            List<OutputAudit> outputs, List<String> unexplained) {
    }

    private final LogSettings settings;
    private final List<JournalEntry> journal;
    private final Cluster cluster;
    private final Provenance provenance;
    private final GroupCoordinator group;
    private final Map<String, LogRecord> finalRecords = new HashMap<>();
    /** Per entry id: applied records at [2 * id], rejected at [2 * id + 1], of any leg (arrays: no boxing per entry). */
    private final int[] decisions;
    /** Per entry id: applied and rejected records of the leg that decides it (whole entry or debit), as above. */
    private final int[] decidingRecords;

    public Forensics(LogSettings settings, List<JournalEntry> journal, Cluster cluster, Provenance provenance,
            GroupCoordinator group) {
        this.settings = settings;
        this.journal = journal;
        this.cluster = cluster;
        this.provenance = provenance;
        this.group = group;
        this.decisions = new int[2 * journal.size()];
        this.decidingRecords = new int[2 * journal.size()];
    }

    /** Runs the final audit restore (a fresh instance reading every changelog partition) and the comparison. */
    public Findings analyze() {
        return analyze(Map.of());
    }

    /**
     * Like {@link #analyze()}, also auditing the live stores of the instances running each task at the end
     * ({@code liveStores}: task to store; a task no instance runs is missing from the map).
     */
    public Findings analyze(Map<Integer, Map<String, StoreValue>> liveStores) {
        markPresentRecords();
        boolean eos = settings.isExactlyOnce();
        GroundTruth groundTruth = GroundTruth.of(journal);
        Map<String, Long> truth = groundTruth.balances();
        // The last readable record of each key, the later partition winning (a forward scan putting every record
        // gives the same map): scanned backwards reading only keys, so just one record per key is built. The audit
        // reads this map for the journal's accounts only, so the scan stops once each of them has its last record
        // (log-bench: a few thousand of its two million changelog records; a run where some account has none scans on
        // to the log start as before).
        int accountsFound = 0;
        scan:
        for (int p = cluster.partitionCount("changelog") - 1; p >= 0; p--) {
            PartitionState partition = cluster.partition("changelog", p);
            ReplicaLog log = partition.leaderLog();
            if (log == null) {
                continue;
            }
            long end = Math.min(log.endOffset(),
                    eos ? log.lastStableOffset(partition.highWatermark()) : partition.highWatermark());
            for (long offset = end - 1; offset >= log.logStartOffset(); offset--) {
                if (accountsFound == truth.size()) {
                    break scan;
                }
                if (log.isMarkerAt(offset) || eos && !log.isCommittedAt(offset)) {
                    continue;
                }
                String key = log.keyAt(offset);
                if (!finalRecords.containsKey(key)) {
                    finalRecords.put(key, log.get(offset));
                    if (truth.containsKey(key)) {
                        accountsFound++;
                    }
                }
            }
        }
        int outputDuplicates = scanAppliedTopic(eos);

        boolean[] truthApplied = groundTruth.applied();
        long expectedTotal = groundTruth.expectedTotal();
        // Only lineage audits per entry; without it the per-account entry lists are never built.
        Map<String, List<Integer>> touching = provenance.enabled() ? groundTruth.touching() : Map.of();
        Map<String, Long> actual = new TreeMap<>();
        long actualTotal = 0;
        for (String account : truth.keySet()) {
            LogRecord record = finalRecords.get(account);
            long balance = record == null ? 0 : ((StoreValue) record.value).balanceCents();
            actual.put(account, balance);
            actualTotal += balance;
        }

        List<WrongAccount> wrong = new ArrayList<>();
        Set<Integer> lost = new TreeSet<>();
        Set<Integer> duplicated = new TreeSet<>();
        Set<Integer> wronglyDecided = new TreeSet<>();
        Set<Integer> troubled = new TreeSet<>();
        Set<String> allModes = new TreeSet<>();
        Set<Integer> pendingEntries = new TreeSet<>();
        Map<String, List<EntryIssue>> issuesByAccount = new TreeMap<>();
        boolean lineage = provenance.enabled();
        for (String account : truth.keySet()) {
            List<EntryIssue> issues = new ArrayList<>();
            if (lineage) {
                LogRecord finalRecord = finalRecords.get(account);
                Map<Integer, Integer> counts = new HashMap<>();
                for (StoreValue v = finalRecord == null ? null : (StoreValue) finalRecord.value; v != null; v = v.previous()) {
                    counts.merge(v.entryId(), 1, Integer::sum);
                }
                for (int id : touching.getOrDefault(account, List.of())) {
                    int c = counts.getOrDefault(id, 0);
                    JournalEntry e = journal.get(id);
                    if (truthApplied[id] && c == 0) {
                        issues.add(lostIssue(e, account, finalRecord));
                    } else if (truthApplied[id] && c > 1) {
                        issues.add(duplicateIssue(e, account, c));
                    } else if (!truthApplied[id] && c > 0) {
                        issues.add(wronglyApplied(e, account, c));
                    }
                }
            }
            List<EntryIssue> gated = new ArrayList<>();
            issues.forEach(issue -> gated.add(gate(issue)));
            issuesByAccount.put(account, gated);
        }
        // Consequences: decisions taken on a balance that was already wrong inherit the modes of that account.
        for (Map.Entry<String, List<EntryIssue>> entry : issuesByAccount.entrySet()) {
            Set<String> own = new TreeSet<>();
            entry.getValue().stream().map(EntryIssue::mode).filter(Forensics::isMechanism).forEach(own::add);
            allModes.addAll(own);
        }
        for (Map.Entry<String, List<EntryIssue>> entry : issuesByAccount.entrySet()) {
            List<EntryIssue> fixed = new ArrayList<>();
            for (EntryIssue issue : entry.getValue()) {
                if (issue.mode().equals("consequence")) {
                    Set<String> from = new TreeSet<>();
                    JournalEntry e = journal.get(issue.entryId());
                    for (String acct : e.isOpening() ? List.of(e.toAccount()) : List.of(e.fromAccount(), e.toAccount())) {
                        issuesByAccount.get(acct).stream().map(EntryIssue::mode).filter(Forensics::isMechanism).forEach(from::add);
                    }
                    if (from.isEmpty()) {
                        from.addAll(allModes);
                    }
                    String mode = from.isEmpty() ? UNEXPLAINED : from.iterator().next();
                    fixed.add(new EntryIssue(issue.entryId(), issue.entry(), issue.account(), issue.kind(), issue.applications(),
                            issue.where() + (from.isEmpty() ? "" : " (" + String.join(", ", from) + ")"), mode));
                } else {
                    fixed.add(issue);
                }
            }
            entry.setValue(fixed);
        }
        for (String account : truth.keySet()) {
            List<EntryIssue> issues = issuesByAccount.get(account);
            for (EntryIssue issue : issues) {
                troubled.add(issue.entryId());
                switch (issue.kind()) {
                    case "LOST":
                        lost.add(issue.entryId());
                        break;
                    case "DUPLICATED":
                        duplicated.add(issue.entryId());
                        break;
                    default:
                        wronglyDecided.add(issue.entryId());
                }
                if (issue.mode().equals("pending")) {
                    pendingEntries.add(issue.entryId());
                }
                if (isMechanism(issue.mode())) {
                    allModes.add(issue.mode());
                }
            }
            long expected = truth.get(account);
            long got = actual.get(account);
            if (expected != got) {
                Set<String> causes = new TreeSet<>();
                issues.forEach(i -> causes.add(i.mode()));
                if (causes.isEmpty()) {
                    causes.add(UNEXPLAINED);
                }
                wrong.add(new WrongAccount(account, expected, got, List.copyOf(causes), List.copyOf(issues)));
            }
        }
        if (!lineage) {
            for (WrongAccount w : wrong) {
                troubled.add(-1);
            }
        }
        int exactlyOnce = lineage ? journal.size() - (int) troubled.stream().filter(id -> id >= 0).count()
                : (wrong.isEmpty() ? journal.size() : 0);
        Set<String> changelogCauses = new TreeSet<>();
        issuesByAccount.values().forEach(list -> list.forEach(i -> changelogCauses.add(i.mode())));
        List<OutputAudit> outputs = new ArrayList<>();
        outputs.add(storeAudit(liveStores, truth, truthApplied, touching, changelogCauses));
        outputs.add(new OutputAudit(OutputAudit.CHANGELOG, true, List.copyOf(lost), List.copyOf(duplicated),
                List.copyOf(wronglyDecided), wrong.size(), List.copyOf(changelogCauses)));
        OutputAudit applied = appliedAudit(truthApplied, lost, pendingEntries, changelogCauses);
        outputs.add(applied);
        applied.causes().stream().filter(Forensics::isMechanism).forEach(allModes::add);
        List<String> unexplained = new ArrayList<>();
        for (OutputAudit audit : outputs) {
            if (audit.causes().contains(UNEXPLAINED)) {
                unexplained.add(audit.output() + ": lost " + audit.lost().size() + ", duplicated "
                        + audit.duplicated().size() + ", wrongly decided " + audit.wronglyDecided().size()
                        + " that no mode explains");
            }
        }
        for (WrongAccount w : wrong) {
            if (w.causes().contains(UNEXPLAINED)) {
                unexplained.add(w.account() + ": expected " + w.expected() + ", actual " + w.actual());
            }
        }
        if (expectedTotal != actualTotal && allModes.isEmpty() && pendingEntries.isEmpty()) {
            unexplained.add("money " + (actualTotal > expectedTotal ? "created" : "destroyed") + ": expected total "
                    + expectedTotal + ", actual " + actualTotal + ", and no catalog mode explains it");
        }
        return new Findings(List.copyOf(wrong), List.copyOf(lost), List.copyOf(duplicated), List.copyOf(wronglyDecided),
                exactlyOnce, expectedTotal == actualTotal, expectedTotal, actualTotal, List.copyOf(allModes),
                outputDuplicates, pendingEntries.size(), actual, List.copyOf(outputs), List.copyOf(unexplained));
    }

    /** The label of a difference no mechanism of the simulator explains: a simulator or audit bug, never a lesson. */
    public static final String UNEXPLAINED = "unexplained";

    /**
     * The live stores as the running instances hold them at the end: each account's balance lineage counted against
     * the ground truth, like the changelog audit but without the forensics of where a record died.
     */
    private OutputAudit storeAudit(Map<Integer, Map<String, StoreValue>> liveStores, Map<String, Long> truth,
            boolean[] truthApplied, Map<String, List<Integer>> touching, Set<String> changelogCauses) {
        int tasks = cluster.partitionCount("changelog");
        if (liveStores.size() < tasks) {
            return new OutputAudit(OutputAudit.STORE, false, List.of(), List.of(), List.of(), 0, List.of());
        }
        Set<Integer> lost = new TreeSet<>();
        Set<Integer> duplicated = new TreeSet<>();
        Set<Integer> wronglyApplied = new TreeSet<>();
        int wrongAccounts = 0;
        for (String account : truth.keySet()) {
            StoreValue value = liveStores.get(partitionOf(account)).get(account);
            if ((value == null ? 0 : value.balanceCents()) != truth.get(account)) {
                wrongAccounts++;
            }
            if (!provenance.enabled()) {
                continue;
            }
            Map<Integer, Integer> counts = new HashMap<>();
            for (StoreValue v = value; v != null; v = v.previous()) {
                counts.merge(v.entryId(), 1, Integer::sum);
            }
            for (int id : touching.getOrDefault(account, List.of())) {
                int c = counts.getOrDefault(id, 0);
                if (truthApplied[id] && c == 0) {
                    lost.add(id);
                } else if (truthApplied[id] && c > 1) {
                    duplicated.add(id);
                } else if (!truthApplied[id] && c > 0) {
                    wronglyApplied.add(id);
                }
            }
        }
        boolean clean = lost.isEmpty() && duplicated.isEmpty() && wronglyApplied.isEmpty() && wrongAccounts == 0;
        Set<String> found = new TreeSet<>(changelogCauses);
        if (!duplicated.isEmpty() && changelogCauses.stream().noneMatch(Forensics::isMechanism)
                && ModeGate.possible("F1", settings)) {
            // A live store holding an entry twice was replayed onto a restored state that already held it (F1), even
            // when the changelog ends right: seed 2293 under at_least_once with 40 ms jitter had a paused instance's
            // old producer retry its batches after its task had moved (F14), so the changelog's last values came from
            // before the replay while the new owner's store kept the replayed duplicates. Entries it lost or decided
            // the other way were decided on those balances. When the changelog names its own modes the store shares them.
            found.add("F1");
        }
        List<String> causes = clean ? List.of() : explainOr(found, "a live store differs from the changelog");
        return new OutputAudit(OutputAudit.STORE, true, List.copyOf(lost), List.copyOf(duplicated),
                List.copyOf(wronglyApplied), wrongAccounts, causes);
    }

    /** The catalog modes (and pending) among {@code found}, or unexplained when there are none. */
    private List<String> explainOr(Set<String> found, String what) {
        Set<String> known = new TreeSet<>();
        for (String mode : found) {
            if (isMechanism(mode) || mode.equals("pending")) {
                known.add(mode);
            }
        }
        return known.isEmpty() ? List.of(UNEXPLAINED) : List.copyOf(known);
    }

    /**
     * The applied topic as a read_committed (exactly_once_v2) or plain consumer reads it at the end: every entry
     * should carry exactly one decision from the leg that decides it (the whole entry, or its debit leg), applied
     * when the ground truth applies it.
     */
    private OutputAudit appliedAudit(boolean[] truthApplied, Set<Integer> changelogLost, Set<Integer> pending,
            Set<String> changelogCauses) {
        Set<Integer> lost = new TreeSet<>();
        Set<Integer> duplicated = new TreeSet<>();
        Set<Integer> wrongDecision = new TreeSet<>();
        for (int id = 0; id < journal.size(); id++) {
            int applied = decidingRecords[2 * id];
            int rejected = decidingRecords[2 * id + 1];
            if (applied + rejected == 0) {
                lost.add(id);
            } else if (applied + rejected > 1) {
                duplicated.add(id);
            } else if ((applied == 1) != truthApplied[id]) {
                wrongDecision.add(id);
            }
        }
        Set<String> causes = new TreeSet<>();
        boolean replayed = false;
        boolean retried = false;
        for (int id : duplicated) {
            if (retriedDecisions.get(id)) {
                retried = true;
            } else {
                replayed = true;
            }
        }
        if (retried) {
            // The same record appended twice: a produce request whose answer was an error (or never came) had been
            // appended, and the producer without idempotence sent it again (Sender.completeBatch → reenqueueBatch).
            causes.add(ModeGate.possible("F6", settings) ? "F6" : UNEXPLAINED);
        }
        if (replayed) {
            // At-least-once: a replayed entry emits its decision again (F1). Under exactly_once_v2 the first copy is
            // aborted unless a broker loss cut the transaction apart: its decision survived on the applied topic while
            // its offset commit (or changelog record) died, the same replay duplicateIssue names for the changelog.
            String mode = settings.isExactlyOnce() ? replayMode() : "F1";
            causes.add(ModeGate.possible(mode, settings) ? mode : UNEXPLAINED);
        }
        // A missing or wrong decision the changelog audit already explains shares its causes; one whose input record
        // died at a broker takes that broker loss's mode; one at or past the committed input offset was not processed
        // durably yet (pending); a wrong decision on a balance that was already wrong is a consequence of the modes
        // found. Anything else is unexplained.
        Set<Integer> rest = new TreeSet<>(lost);
        rest.addAll(wrongDecision);
        rest.removeAll(changelogLost);
        rest.removeAll(pending);
        if (!lost.isEmpty() || !wrongDecision.isEmpty()) {
            causes.addAll(explainOr(changelogCauses, "applied topic").stream().filter(m -> !m.equals(UNEXPLAINED))
                    .collect(java.util.stream.Collectors.toList()));
        }
        Map<Integer, Long> committed = committedInputOffsets();
        for (int id : rest) {
            String mode = appliedOnlyCause(id, committed, wrongDecision.contains(id), changelogCauses);
            causes.add(mode);
        }
        return new OutputAudit(OutputAudit.APPLIED, true, List.copyOf(lost), List.copyOf(duplicated),
                List.copyOf(wrongDecision), 0, List.copyOf(causes));
    }

    /**
     * Marks the records a consumer can still read at the end: on the leader, below the high watermark, and not part of
     * an aborted transaction (a record of an aborted transaction is in the log but no read_committed reader sees it).
     */
    private void markPresentRecords() {
        for (PartitionState p : cluster.allPartitions()) {
            ReplicaLog log = p.leaderLog();
            if (log == null || !log.keepsRecordObjects()) {
                // Without kept objects a read builds a fresh record: the mark would go nowhere, and nothing reads it.
                continue;
            }
            long end = Math.min(log.endOffset(), p.highWatermark());
            for (long offset = log.logStartOffset(); offset < end; offset++) {
                LogRecord record = log.get(offset);
                if (record != null && !log.isAborted(record)) {
                    record.origin().presentAtEnd = true;
                }
            }
        }
    }

    /**
     * Keeps a catalog mode only when the run's settings make it possible (ModeGate); otherwise the issue is reported
     * as unexplained, with the rejected guess, so a simulator or audit bug shows instead of a wrong lesson.
     */
    private EntryIssue gate(EntryIssue issue) {
        if (ModeGate.possible(issue.mode(), settings)) {
            return issue;
        }
        return new EntryIssue(issue.entryId(), issue.entry(), issue.account(), issue.kind(), issue.applications(),
                issue.where() + " [the audit's guess " + issue.mode() + " is impossible with these settings: a simulator "
                + "or audit bug]", UNEXPLAINED);
    }

    /**
     * Applied-topic records appended more than once (a producer retry), by the creation order of the produced record
     * they copy, and the entries they decide.
     */
    private final java.util.BitSet appendedOrigins = new java.util.BitSet();
    private final java.util.BitSet retriedDecisions = new java.util.BitSet();

    private int scanAppliedTopic(boolean eos) {
        // Applied records per (entry, leg), saturating at 2: only "more than once" matters.
        byte[] appliedPerLeg = new byte[4 * journal.size()];
        int duplicates = 0;
        for (int p = 0; p < cluster.partitionCount("applied"); p++) {
            PartitionState partition = cluster.partition("applied", p);
            ReplicaLog log = partition.leaderLog();
            if (log == null) {
                continue;
            }
            long end = eos ? log.lastStableOffset(partition.highWatermark()) : partition.highWatermark();
            end = Math.min(end, log.endOffset());
            for (long offset = log.logStartOffset(); offset < end; offset++) {
                if (log.isMarkerAt(offset) || (eos && !log.isCommittedAt(offset))) {
                    continue;
                }
                // The decision as numbers (entry id, applied, leg) straight from the log's columns.
                long decision = log.decisionAt(offset);
                if (decision < 0) {
                    AppliedEvent event = (AppliedEvent) log.valueAt(offset);
                    decision = (long) event.entryId() << 3 | (event.applied() ? 4 : 0) | event.leg().ordinal();
                }
                int id = (int) (decision >>> 3);
                boolean applied = (decision & 4) != 0;
                int legOrdinal = (int) (decision & 3);
                int outcome = applied ? 0 : 1;
                // A second readable copy of one produced record: a producer retry, not a replay. Copies of a record
                // keep its creation order, which no other produced record has (SimProducer.send), so the order
                // identifies the produced record whether or not the log kept the objects.
                if (legOrdinal != InputItem.Leg.CREDIT.ordinal()) {
                    int order = log.createdOrderAt(offset);
                    if (appendedOrigins.get(order)) {
                        retriedDecisions.set(id);
                    }
                    appendedOrigins.set(order);
                }
                decisions[2 * id + outcome]++;
                if (applied) {
                    int leg = 4 * id + legOrdinal;
                    if (appliedPerLeg[leg] < 2 && ++appliedPerLeg[leg] == 2 && !hasDuplicateLeg(appliedPerLeg, id, leg)) {
                        duplicates++;
                    }
                }
                if (legOrdinal != InputItem.Leg.CREDIT.ordinal()) {
                    decidingRecords[2 * id + outcome]++;
                }
            }
        }
        return duplicates;
    }

    /** Whether another leg of entry {@code id} than {@code leg} already counts as applied twice (count it once). */
    private static boolean hasDuplicateLeg(byte[] appliedPerLeg, int id, int leg) {
        for (int other = 4 * id; other < 4 * id + 4; other++) {
            if (other != leg && appliedPerLeg[other] >= 2) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JournalEntry e) {
        return e.toString();
    }

    private EntryIssue lostIssue(JournalEntry e, String account, LogRecord finalRecord) {
        for (LogRecord input : provenance.inputRecords(e.id())) {
            InputItem item = (InputItem) input.value;
            boolean relevant = item.leg() != InputItem.Leg.CREDIT || account.equals(e.toAccount());
            if (relevant && input.appendCount > 0 && !input.presentAtEnd && allCopiesGone(e.id())) {
                String[] loss = brokerLoss(input, cluster.partition("journal", partitionOf(input.key)));
                return issue(e, account, "LOST", 0, "journal record " + loss[0], loss[1]);
            }
        }
        // Each put of this entry on this account, and the first changelog record that carried it.
        List<LogRecord> carriers = new ArrayList<>();
        for (StoreValue put : provenance.puts(e.id(), account)) {
            LogRecord carrier = provenance.firstCarrier(put);
            if (carrier != null) {
                carriers.add(carrier);
            }
        }
        if (carriers.isEmpty()) {
            if (!provenance.puts(e.id(), account).isEmpty()) {
                return issue(e, account, "LOST", 0, "its balance never left the record cache before the instance died, "
                        + "yet its input offset was committed", "F2");
            }
            if (decisions[2 * e.id() + 1] > 0) {
                if (isLegs() && !account.equals(e.fromAccount())) {
                    return issue(e, account, "LOST", 0, "debit leg rejected in its own task", "F17");
                }
                return issue(e, account, "LOST", 0, "rejected: the balance it was decided on was already wrong",
                        "consequence");
            }
            return issue(e, account, "LOST", 0, "never processed before the run ended", "pending");
        }
        // A surviving carrier means a later record replaced it; otherwise the first carrier that reached a broker died
        // there, or else every carrier died in a producer buffer.
        if (settings.isExactlyOnce() && allAborted(carriers, account)) {
            return issue(e, account, "LOST", 0, "its transaction was aborted and the entry was not processed again "
                    + "before the run ended", "pending");
        }
        LogRecord survivor = null;
        LogRecord appended = null;
        boolean open = false;
        ReplicaLog changelog = cluster.partition("changelog", partitionOf(account)).leaderLog();
        for (LogRecord r : carriers) {
            if (r.presentAtEnd && survivor == null) {
                if (settings.isExactlyOnce() && changelog != null && !changelog.isCommitted(r)) {
                    // Readable below the high watermark, but its transaction has no COMMIT marker yet: a
                    // read_committed restore does not see it.
                    open = true;
                } else {
                    survivor = r;
                }
            }
            if (r.appendCount > 0 && appended == null) {
                appended = r;
            }
        }
        if (survivor == null && open) {
            return issue(e, account, "LOST", 0, "its transaction was still open (no COMMIT marker) when the run ended",
                    "pending");
        }
        if (survivor == null && appended == null && settings.isExactlyOnce()) {
            // Under exactly_once_v2 the input offset commits in the same transaction, after producer.flush: a carrier
            // that never reached a broker means that transaction never committed (for instance its markers cannot be
            // written while a partition is below min.insync.replicas).
            return issue(e, account, "LOST", 0, "its transaction could not complete before the run ended (its "
                    + "changelog record never reached a broker)", "pending");
        }
        if (survivor == null && !inputCommitted(e, account)) {
            // No changelog record holds the entry, but its input offset was not committed either: the task failed
            // before committing (RecordCollectorImpl.flush rethrows the send error and the default production
            // exception handler FAILs, so nothing is committed) and the entry is processed again. At-least-once doing
            // its job, not a loss: the entry is still pending when the run ends.
            String record = appended == null ? "never reached a broker"
                    : "was appended at a broker but never became readable (" + brokerLoss(appended,
                            cluster.partition("changelog", partitionOf(account)))[0] + ")";
            return issue(e, account, "LOST", 0, "not durably processed yet: its changelog record " + record
                    + " and its input offset was never committed, so it is processed again", "pending");
        }
        boolean autoCommit = settings.isHandMade() && settings.getBool(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        boolean anyAcked = false;
        for (LogRecord r : carriers) {
            anyAcked |= r.origin().acked;
        }
        if (survivor == null && !anyAcked && !autoCommit && !ModeGate.possible("F3", settings)
                && decisions[2 * e.id() + 1] > 0) {
            // Streams commits nothing past a send it did not see acknowledged, so the instance that took this entry
            // first died before committing it; the entry was processed again after the restore and rejected there,
            // on a balance that was already wrong. Its first record may have reached a broker and been truncated
            // there: unacknowledged, that is no broker loss (seeds 934 and 1349 under at_least_once, jitter 40,
            // were reported as an impossible F11 before).
            String first = appended == null ? "died with its instance"
                    : "was appended but never acknowledged (" + brokerLoss(appended,
                            cluster.partition("changelog", partitionOf(account)))[0] + ")";
            return issue(e, account, "LOST", 0, "its first changelog record " + first + " before the input offset "
                    + "was committed; processed again, it was rejected on a balance that was already wrong",
                    "consequence");
        }
        if (survivor == null && appended == null) {
            LogRecord first = carriers.get(0);
            return issue(e, account, "LOST", 0, "changelog record died in the producer buffer of " + first.writer()
                    + " after its input offset was " + (autoCommit ? "auto-committed" : "committed"),
                    autoCommit ? "F4" : "F3");
        }
        if (survivor == null) {
            String[] loss = brokerLoss(appended, cluster.partition("changelog", partitionOf(account)));
            return issue(e, account, "LOST", 0, "changelog record " + loss[0], loss[1]);
        }
        LogRecord last = survivor;
        if (finalRecord == null) {
            return issue(e, account, "LOST", 0, "account missing from the restored store", "F15");
        }
        int task = partitionOf(account);
        String owner = group.ownerAt(task, finalRecord.appendTimeMs);
        if (owner != null && !owner.equals(finalRecord.writer()) && !finalRecord.writer().equals("client")) {
            return issue(e, account, "LOST", 0, "overwritten by a stale balance that zombie " + finalRecord.writer()
                    + " wrote after its task had moved to " + owner, "F14");
        }
        if (finalRecord.producerId() == last.producerId() && finalRecord.writer().equals(last.writer())
                && finalRecord.createdOrder < last.createdOrder) {
            long firstSequence = firstSequenceInLog(changelog, last.producerId());
            if (settings.idempotenceEffective() && firstSequence > 0) {
                return issue(e, account, "LOST", 0, "an older balance landed after the newer one although the producer "
                        + "is idempotent: its first batch was refused before it was appended (NOT_ENOUGH_REPLICAS or "
                        + "NOT_LEADER_OR_FOLLOWER) while a later batch in flight beside it was accepted, because a broker "
                        + "with no state for a producer accepts any first sequence (here " + firstSequence + "); the "
                        + "retry then got OUT_OF_ORDER_SEQUENCE_NUMBER, the producer bumped its epoch (KIP-360) and the "
                        + "older batch landed last", KAFKA_15591);
            }
            return issue(e, account, "LOST", 0, "an older balance was retried and landed after the newer one "
                    + "(retries without idempotence)", "F6");
        }
        for (Provenance.Restore r : provenance.restores()) {
            if (r.fromCheckpoint() && r.instance().equals(finalRecord.writer()) && r.timeMs() <= finalRecord.appendTimeMs
                    && r.startOffset() > last.offset) {
                return issue(e, account, "LOST", 0, "skipped by a checkpoint: " + r.instance() + " restored from offset "
                        + r.startOffset() + " onto a local store that never held offset " + last.offset, "F12");
            }
        }
        return issue(e, account, "LOST", 0, "superseded by a balance computed from a state that lacked it", "consequence");
    }

    /**
     * A real Kafka defect, not a setting: an idempotent producer's batches reordered around its first append to a
     * partition. ProducerAppendInfo.checkSequence accepts any first sequence from a producer the partition has no
     * state for (KIP-360, for producers whose records retention deleted), so when the first batch of a new producer
     * id fails with a retriable error before it is appended and a later batch in flight beside it succeeds, the
     * first batch's retry is answered OUT_OF_ORDER_SEQUENCE_NUMBER; TransactionManager.canRetry then bumps the epoch
     * (the batch is the next after the last acknowledged sequence) or retries it until delivery.timeout.ms. Reported
     * as KAFKA-14312, KAFKA-15591, KAFKA-18202 and KAFKA-19880; the fix (apache/kafka pull 23234, Kafka 4.5) rejects
     * a nonzero first sequence only on a partition whose log never held a record, so a new producer id writing to a
     * changelog that already holds records (a restarted at_least_once instance) is still exposed. A transactional
     * producer fails the transaction instead (abortable error), so exactly_once_v2 output is not reordered.
     */
    public static final String KAFKA_15591 = "KAFKA-15591";

    /** Whether a label names a mechanism that explains a difference: a catalog mode, or {@link #KAFKA_15591}. */
    static boolean isMechanism(String mode) {
        return mode.startsWith("F") || mode.equals(KAFKA_15591);
    }

    /** The sequence of the first record {@code producerId} has in {@code log}, or -1 when it has none there. */
    private static long firstSequenceInLog(ReplicaLog log, long producerId) {
        if (log == null) {
            return -1;
        }
        for (long offset = log.logStartOffset(); offset < log.endOffset(); offset++) {
            LogRecord r = log.get(offset);
            if (r != null && !r.isMarker() && r.producerId() == producerId) {
                return r.sequence;
            }
        }
        return -1;
    }

    /** The cause of a decision missing from (or wrong in) the applied topic that the changelog audit did not explain. */
    private String appliedOnlyCause(int id, Map<Integer, Long> committed, boolean wrongDecision, Set<String> found) {
        for (LogRecord input : provenance.inputRecords(id)) {
            if (input.appendCount > 0 && !input.presentAtEnd && allCopiesGone(id)) {
                String mode = brokerLoss(input, cluster.partition("journal", partitionOf(input.key)))[1];
                return ModeGate.possible(mode, settings) ? mode : UNEXPLAINED;
            }
        }
        if (!wrongDecision) {
            // Its decision reached a broker and died there (an inconsistent cut across topics, F9's signature).
            for (LogRecord applied : provenance.appliedRecords(id)) {
                if (applied.appendCount > 0 && !applied.presentAtEnd) {
                    // The applied partition is the task's; records do not keep it, and only an unclean election
                    // there changes the verdict, so the partition with the most unclean elections stands for it.
                    PartitionState where = cluster.partition("applied", 0);
                    for (int p = 1; p < cluster.partitionCount("applied"); p++) {
                        if (cluster.partition("applied", p).uncleanElections() > where.uncleanElections()) {
                            where = cluster.partition("applied", p);
                        }
                    }
                    String mode = brokerLoss(applied, where)[1];
                    if (!mode.equals("F3")) {
                        return ModeGate.possible(mode, settings) ? mode : UNEXPLAINED;
                    }
                }
            }
        }
        if (wrongDecision) {
            for (String mode : found) {
                if (isMechanism(mode)) {
                    return mode;
                }
            }
            return UNEXPLAINED;
        }
        for (LogRecord input : provenance.inputRecords(id)) {
            Long done = committed.get(partitionOf(input.key));
            if (input.presentAtEnd && (done == null || input.offset >= done)) {
                return "pending";
            }
        }
        for (String mode : found) {
            if (isMechanism(mode)) {
                return mode;
            }
        }
        return UNEXPLAINED;
    }

    /**
     * Whether the group's committed offset at the end is past the input record of {@code e} that decides
     * {@code account}. An unreadable offsets partition counts as committed: nothing then proves the entry is still
     * pending, and the loss is explained by where its records died.
     */
    private boolean inputCommitted(JournalEntry e, String account) {
        racelab.logsim.client.OffsetStore offsets = new racelab.logsim.client.OffsetStore(cluster);
        for (LogRecord input : provenance.inputRecords(e.id())) {
            InputItem item = (InputItem) input.value;
            boolean relevant = item.leg() != InputItem.Leg.CREDIT || account.equals(e.toAccount());
            if (!relevant || !input.presentAtEnd) {
                continue;
            }
            Long committed = offsets.committed(cluster.partition("journal", partitionOf(input.key)).topicPartition);
            if (committed != null && committed <= input.offset) {
                return false;
            }
        }
        return true;
    }

    /** Per journal partition, the group's committed offset at the end (absent when unreadable or none). */
    private Map<Integer, Long> committedInputOffsets() {
        Map<Integer, Long> committed = new HashMap<>();
        racelab.logsim.client.OffsetStore offsets = new racelab.logsim.client.OffsetStore(cluster);
        for (int p = 0; p < cluster.partitionCount("journal"); p++) {
            Long offset = offsets.committed(cluster.partition("journal", p).topicPartition);
            if (offset != null && offset >= 0) {
                committed.put(p, offset);
            }
        }
        return committed;
    }

    /** Whether every changelog record that carried the entry is in the log as part of an aborted transaction. */
    private boolean allAborted(List<LogRecord> carriers, String account) {
        ReplicaLog log = cluster.partition("changelog", partitionOf(account)).leaderLog();
        if (log == null) {
            return false;
        }
        for (LogRecord r : carriers) {
            if (!log.isAborted(r)) {
                return false;
            }
        }
        return true;
    }

    private boolean allCopiesGone(int entryId) {
        for (LogRecord r : provenance.inputRecords(entryId)) {
            if (r.presentAtEnd && ((InputItem) r.value).leg() != InputItem.Leg.CREDIT) {
                return false;
            }
        }
        return true;
    }

    /** Where a record that reached a broker disappeared, and the catalog mode of that mechanism. */
    private String[] brokerLoss(LogRecord record, PartitionState partition) {
        int mask = record.lostMask;
        if ((mask & LogRecord.LOST_RETENTION) != 0) {
            return new String[] {"deleted by retention (cleanup.policy=delete, retention.ms)", "F15"};
        }
        if (partition.replicationFactor() == 1) {
            return new String[] {"lost with the page cache of its only replica (replication.factor=1)", "F7"};
        }
        if (record.acksUsed == 1 || record.acksUsed == 0) {
            return new String[] {"acknowledged by the leader alone (acks=" + record.acksUsed
                    + "), then truncated when another replica took over", "F5"};
        }
        if (partition.uncleanElections() > 0 && (mask & LogRecord.LOST_EPOCH_TRUNCATION) != 0) {
            return new String[] {"truncated after an unclean leader election", "F8"};
        }
        if (record.isrSizeAtAppend < partition.replicationFactor() && record.isrSizeAtAppend < 2) {
            return new String[] {"acknowledged by a shrunken ISR of " + record.isrSizeAtAppend
                    + " (min.insync.replicas=" + partition.minInsyncReplicas + ") and lost with that leader", "F7"};
        }
        if ((mask & LogRecord.LOST_POWER) != 0 && (mask & LogRecord.LOST_TRUNCATED_ON_SURVIVOR) != 0) {
            // Another replica still held it after the power cut and truncated it: a replica that lost it was elected.
            if (partition.elrEnabled) {
                // With ELR on, this needs every eligible replica to have crashed as well, so the controller fell back
                // to the last known leader (PartitionChangeBuilder.canElectLastKnownLeader): a correlated loss of
                // un-fsynced data, which fsync prevents and ELR cannot (KIP-966 tolerates min.insync.replicas - 1).
                return new String[] {"lost from the page cache of the last known leader, elected after every eligible "
                        + "replica had crashed too; replicas that still held it truncated to it (never fsynced)", "F9"};
            }
            return new String[] {"lost from the page cache of the last ISR member, which was elected again after its "
                    + "crash; replicas that still held it truncated to it (last replica standing, "
                    + "eligible.leader.replicas.version=0)", "F10"};
        }
        if ((mask & LogRecord.LOST_POWER) != 0) {
            return new String[] {"lost from the page cache of every replica in one power cut (never fsynced)", "F9"};
        }
        if ((mask & LogRecord.LOST_EPOCH_TRUNCATION) != 0) {
            return new String[] {"truncated on failover (leader-epoch truncation)", "F11"};
        }
        return new String[] {"never acknowledged", "F3"};
    }

    /** Whether an acknowledged offset commit died in a power cut (never fsynced). */
    private boolean offsetsLostToPower() {
        for (LogRecord commit : provenance.offsetCommits()) {
            if (commit.acked && !commit.presentAtEnd && (commit.lostMask & LogRecord.LOST_POWER) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The mode of an entry replayed after its effect survived: F1, or under exactly-once a broker loss (F9, F11). */
    private String replayMode() {
        if (!settings.isExactlyOnce() && !settings.getBool("sim.processor.idempotent")) {
            return "F1";
        }
        return offsetsLostToPower() ? "F9" : "F11";
    }

    private EntryIssue duplicateIssue(JournalEntry e, String account, int count) {
        String mode = "F1";
        String where = "replayed after a restore: the changelog already held it, the committed input offset did not";
        boolean offsetsLostToPower = offsetsLostToPower();
        if (settings.isExactlyOnce() || settings.getBool("sim.processor.idempotent")) {
            mode = offsetsLostToPower ? "F9" : "F11";
            where = offsetsLostToPower ? "replayed: committed offsets vanished from __consumer_offsets in the power cut "
                    + "while the changelog kept the effect" : "replayed after a divergent restore";
        } else if (settings.getBool("sim.store.caching")) {
            List<StoreValue> puts = provenance.puts(e.id(), account);
            LogRecord first = puts.isEmpty() ? null : provenance.firstCarrier(puts.get(0));
            if (first != null && first.writtenBy == LogRecord.BY_CACHE_EVICTION) {
                mode = "F2";
                where = "evicted from the record cache into the changelog before the commit, then replayed "
                        + "under at_least_once (F1)";
            }
        }
        return issue(e, account, "DUPLICATED", count, where, mode);
    }

    private EntryIssue wronglyApplied(JournalEntry e, String account, int count) {
        if (isLegs() && account.equals(e.toAccount())) {
            return issue(e, account, "WRONGLY_APPLIED", count, "credit leg applied in its own task while the debit leg "
                    + (decisions[2 * e.id() + 1] > 0 ? "was rejected" : "was not applied") + " in another", "F17");
        }
        return issue(e, account, "WRONGLY_APPLIED", count, "applied on a balance that was already wrong", "consequence");
    }

    private int partitionOf(String key) {
        int partitions = cluster.partitionCount("journal");
        return partitions == 1 ? 0 : org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    private boolean isLegs() {
        return settings.get("sim.entry.routing").equals("legs");
    }

    private static EntryIssue issue(JournalEntry e, String account, String kind, int count, String where, String mode) {
        return new EntryIssue(e.id(), describe(e), account, kind, count, where, mode);
    }
}
