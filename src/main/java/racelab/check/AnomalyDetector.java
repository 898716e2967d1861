package racelab.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.Account;
import racelab.scenario.GroupConstraint;
import racelab.scenario.LedgerScene;
import racelab.scenario.Transfer;

/**
 * Names what went wrong in a finished ledger run, from the database's committed balances and the trace only,
 * never from what a scene expects.
 */
public final class AnomalyDetector {

    private AnomalyDetector() {
    }

    /** Names what went wrong in a run on embedded H2. */
    public static List<Anomaly> detect(LedgerScene scene, String mitigationId, Map<String, Long> initial,
                                       List<TraceStep> trace, Map<String, Long> finalBalances,
                                       List<LaneResult> lanes) {
        return detect(scene, mitigationId, initial, trace, finalBalances, lanes, "h2");
    }

    /**
     * Names what went wrong in a run on the given backend ({@code h2} or {@code postgres}); the backend only
     * changes how an explanation names the database's isolation levels.
     */
    public static List<Anomaly> detect(LedgerScene scene, String mitigationId, Map<String, Long> initial,
                                       List<TraceStep> trace, Map<String, Long> finalBalances,
                                       List<LaneResult> lanes, String backendId) {
        List<Anomaly> anomalies = new ArrayList<>();
        Map<String, LaneResult> byLane = new LinkedHashMap<>();
        lanes.forEach(l -> byLane.put(l.lane(), l));
        List<Transfer> committed = scene.transfers().stream()
                .filter(t -> byLane.containsKey(t.id()) && byLane.get(t.id()).committed()).toList();

        accountRules(scene, trace, finalBalances, anomalies);
        groupRules(scene, mitigationId, backendId, trace, finalBalances, committed, anomalies);
        lostUpdates(scene, initial, finalBalances, committed, trace, anomalies);
        money(initial, finalBalances, anomalies);
        for (TraceStep step : trace) {
            if (step.outcome() == StepOutcome.DEADLOCK_VICTIM) {
                anomalies.add(new Anomaly(AnomalyType.DEADLOCK, null, step.lane() + " was chosen as the deadlock "
                        + "victim (SQLState " + step.sqlState() + ") and rolled back", step.index()));
            }
        }
        duplicates(committed, trace, anomalies);
        for (Transfer transfer : committed) {
            String stale = byLane.get(transfer.id()).staleRead();
            if (stale != null) {
                anomalies.add(new Anomaly(AnomalyType.STALE_READ, transfer.from(), stale + ", and "
                        + transfer.id() + " was committed on that decision", checkIndex(trace, transfer.id())));
            }
        }
        return named(anomalies);
    }

    /**
     * Literature names that depend on the whole run: a broken account rule caused by a stale replica read or by a
     * repeated request is no isolation anomaly (the primary's history is serializable); a broken group rule written
     * by different rows is write skew.
     */
    private static List<Anomaly> named(List<Anomaly> anomalies) {
        boolean stale = anomalies.stream().anyMatch(a -> a.type() == AnomalyType.STALE_READ);
        boolean duplicate = anomalies.stream().anyMatch(a -> a.type() == AnomalyType.DUPLICATE_APPLY);
        List<Anomaly> named = new ArrayList<>();
        for (Anomaly anomaly : anomalies) {
            String account = anomaly.account();
            if (anomaly.type() == AnomalyType.CONSTRAINT_VIOLATED) {
                Anomaly skew = anomalies.stream().filter(a -> a.type() == AnomalyType.WRITE_SKEW
                        && java.util.Objects.equals(a.account(), account)).findFirst().orElse(null);
                named.add(anomaly.withLiterature(skew != null ? skew.literature()
                        : stale || duplicate ? null : anomaly.literature()));
            } else {
                named.add(anomaly);
            }
        }
        return named;

    }

    private static void accountRules(LedgerScene scene, List<TraceStep> trace, Map<String, Long> finalBalances,
                                     List<Anomaly> anomalies) {
        for (Account account : scene.accounts()) {
            int first = -1;
            for (TraceStep step : trace) {
                Long balance = step.balances().get(account.id());
                if (balance != null && !account.constraint().allows(balance)) {
                    first = step.index();
                    break;
                }
            }
            long end = balanceOf(account, finalBalances);
            if (first >= 0 || !account.constraint().allows(end)) {
                anomalies.add(new Anomaly(AnomalyType.CONSTRAINT_VIOLATED, account.id(), account.id() + " ends at "
                        + end + (account.constraint().allows(end) ? " (it broke its rule during the run)" : "")
                        + ", but it must stay " + account.constraint().yamlName(), first));
            }
        }
    }

    private static void groupRules(LedgerScene scene, String mitigationId, String backendId, List<TraceStep> trace,
                                   Map<String, Long> finalBalances, List<Transfer> committed, List<Anomaly> anomalies) {
        for (GroupConstraint group : scene.groups()) {
            int first = -1;
            for (TraceStep step : trace) {
                if (!group.constraint().allows(sum(group, step.balances()))) {
                    first = step.index();
                    break;
                }
            }
            long end = sum(group, finalBalances);
            if (first < 0 && group.constraint().allows(end)) {
                continue;
            }
            anomalies.add(new Anomaly(AnomalyType.CONSTRAINT_VIOLATED, group.id(), group.id() + " ("
                    + String.join(" + ", group.accounts()) + ") ends at " + end + ", but the sum must stay "
                    + group.constraint().yamlName(), first));
            Set<String> writtenMembers = new LinkedHashSet<>();
            List<String> writers = new ArrayList<>();
            for (Transfer transfer : committed) {
                for (String side : List.of(transfer.from(), transfer.to())) {
                    if (group.accounts().contains(side)) {
                        writtenMembers.add(side);
                        if (!writers.contains(transfer.id())) {
                            writers.add(transfer.id());
                        }
                    }
                }
            }
            if (writers.size() >= 2 && writtenMembers.size() >= 2) {
                String why = String.join(" and ", writers) + " each checked the sum of " + group.id()
                        + " and wrote different rows (" + String.join(", ", writtenMembers) + "); no row was written by "
                        + "both, so no row lock and no first-updater-wins conflict stopped them";
                if (mitigationId.startsWith("repeatable-read")) {
                    // Not H2's fault: REPEATABLE READ is snapshot isolation on PostgreSQL too, which allows write
                    // skew by design (PostgreSQL docs, 13.2.2 Repeatable Read Isolation Level).
                    why += ". REPEATABLE READ is snapshot isolation on PostgreSQL as on H2 (SNAPSHOT): it tracks no "
                            + "reads, so it allows write skew on both; only PostgreSQL SERIALIZABLE (SSI) aborts one "
                            + "of them with 40001, and only when every transaction involved runs SERIALIZABLE";
                } else if (!"postgres".equals(backendId) && mitigationId.equals("serializable")) {
                    why += ". H2's SERIALIZABLE is snapshot isolation without read-set tracking, so it lets this "
                            + "through; PostgreSQL SERIALIZABLE (SSI) would abort one of them with 40001, at the "
                            + "write or the COMMIT that closes the cycle, provided every transaction involved runs SERIALIZABLE (a READ COMMITTED writer is "
                            + "invisible to SSI)";
                }
                Transfer opener = committed.stream().filter(t -> scene.accountOpenedBy(t.id())
                        .filter(a -> group.accounts().contains(a.id())).isPresent()).findFirst().orElse(null);
                if (opener != null) {
                    anomalies.add(new Anomaly(AnomalyType.WRITE_SKEW, group.id(), phantomWhy(scene, group, opener,
                            writers, mitigationId, backendId, why), first, AnomalyType.PHANTOM_LITERATURE_NAME));
                    continue;
                }
                anomalies.add(new Anomaly(AnomalyType.WRITE_SKEW, group.id(), why, first));
            }
        }
    }

    /**
     * Why a group rule broke when one of the writers added the member: every other writer decided on the members its
     * read found, and the new one was not among them (in any history where both commit and the sum breaks, the
     * other writer's check ran before the new row was committed, or it would have counted it).
     */
    private static String phantomWhy(LedgerScene scene, GroupConstraint group, Transfer opener, List<String> writers,
                                     String mitigationId, String backendId, String skewWhy) {
        String member = scene.accountOpenedBy(opener.id()).orElseThrow().id();
        List<String> others = writers.stream().filter(w -> !w.equals(opener.id())).toList();
        String why = opener.id() + " opened " + member + ", a new member of " + group.id() + ", and "
                + String.join(" and ", others) + " decided on the members " + (others.size() == 1 ? "its" : "their")
                + " check found, without " + member + ": a phantom, a row that joins the set a predicate read "
                + "(group_id = '" + group.id() + "') matched, after the read";
        if (mitigationId.startsWith("for-update")) {
            return why + ". SELECT ... FOR UPDATE locked every member that existed (PostgreSQL docs, 13.3.2 Row-Level "
                    + "Locks: it locks the rows the SELECT retrieves), but a row lock guards only a row that exists: a "
                    + "locking read that waits for another transaction's lock returns the rows it "
                    + "matched when it began, in their latest version, and not a row that transaction inserted "
                    + "(PostgreSQL docs, 13.2.1 Read Committed Isolation Level; H2 does the same). A lock on the group "
                    + "itself, taken by every request that reads or joins it, or SERIALIZABLE on PostgreSQL, which "
                    + "tracks the predicate read (13.2.3 Serializable Isolation Level), stops it";
        }
        int cut = skewWhy.indexOf(". ");
        return why + (cut >= 0 ? skewWhy.substring(cut) : "");
    }

    private static void lostUpdates(LedgerScene scene, Map<String, Long> initial, Map<String, Long> finalBalances,
                                    List<Transfer> committed, List<TraceStep> trace, List<Anomaly> anomalies) {
        for (Account account : scene.accounts()) {
            long expected = balanceOf(account, initial);
            List<String> parts = new ArrayList<>();
            for (Transfer transfer : committed) {
                long delta = delta(transfer, account.id());
                if (delta != 0) {
                    expected += delta;
                    parts.add(transfer.id() + " (" + (delta > 0 ? "+" : "") + delta + ")");
                }
            }
            long end = balanceOf(account, finalBalances);
            if (end == expected) {
                continue;
            }
            String missing = null;
            for (Transfer transfer : committed) {
                if (delta(transfer, account.id()) == expected - end) {
                    missing = transfer.id();
                }
            }
            anomalies.add(new Anomaly(AnomalyType.LOST_UPDATE, account.id(), account.id() + " ends at " + end
                    + " but the committed transfers " + String.join(", ", parts) + " should leave " + expected
                    + (missing == null ? "" : ": " + missing + "'s change was overwritten by a write that had not "
                    + "seen it"), missing == null ? -1 : commitIndex(trace, missing)));
        }
    }

    private static void money(Map<String, Long> initial, Map<String, Long> finalBalances, List<Anomaly> anomalies) {
        long before = initial.values().stream().mapToLong(Long::longValue).sum();
        long after = finalBalances.values().stream().mapToLong(Long::longValue).sum();
        if (after > before) {
            anomalies.add(new Anomaly(AnomalyType.MONEY_CREATED, null, "the sum of all balances went from " + before
                    + " to " + after + ": " + (after - before) + " created from nothing", -1));
        } else if (after < before) {
            anomalies.add(new Anomaly(AnomalyType.MONEY_DESTROYED, null, "the sum of all balances went from " + before
                    + " to " + after + ": " + (before - after) + " vanished", -1));
        }
    }

    private static void duplicates(List<Transfer> committed, List<TraceStep> trace, List<Anomaly> anomalies) {
        Map<String, List<Transfer>> byKey = new LinkedHashMap<>();
        for (Transfer transfer : committed) {
            if (transfer.requestKey() != null) {
                byKey.computeIfAbsent(transfer.requestKey(), k -> new ArrayList<>()).add(transfer);
            }
        }
        byKey.forEach((key, transfers) -> {
            if (transfers.size() > 1) {
                List<String> ids = transfers.stream().map(Transfer::id).toList();
                anomalies.add(new Anomaly(AnomalyType.DUPLICATE_APPLY, transfers.get(0).from(), "request '" + key
                        + "' was applied " + transfers.size() + " times (" + String.join(", ", ids) + "): the client's "
                        + "retry of a timed-out request was treated as a new request",
                        commitIndex(trace, ids.get(ids.size() - 1))));
            }
        });
    }

    /**
     * An account's balance in a snapshot; an account a transfer opens is no row until that transfer commits, and
     * counts as the empty account it is opened as.
     */
    private static long balanceOf(Account account, Map<String, Long> balances) {
        Long balance = balances.get(account.id());
        return balance != null ? balance : account.balance();
    }

    private static long delta(Transfer transfer, String accountId) {
        if (transfer.from().equals(accountId)) {
            return -transfer.amount();
        }
        return transfer.to().equals(accountId) ? transfer.amount() : 0;
    }

    private static long sum(GroupConstraint group, Map<String, Long> balances) {
        long sum = 0;
        for (String member : group.accounts()) {
            sum += balances.getOrDefault(member, 0L);
        }
        return sum;
    }

    private static int commitIndex(List<TraceStep> trace, String lane) {
        return lastIndex(trace, lane, "commit");
    }

    private static int checkIndex(List<TraceStep> trace, String lane) {
        return lastIndex(trace, lane, "check");
    }

    private static int lastIndex(List<TraceStep> trace, String lane, String phase) {
        int found = -1;
        for (TraceStep step : trace) {
            if (step.lane().equals(lane) && step.phase().equals(phase) && step.outcome() != StepOutcome.BLOCKED) {
                found = step.index();
            }
        }
        return found;
    }
}
