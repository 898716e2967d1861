package racelab.ui.balances;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import racelab.check.Anomaly;
import racelab.check.AnomalyType;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.GroupConstraint;

/**
 * The account panel's state at one replay position: a bar per account, the sum, and the anomalies visible so far.
 *
 * <p>An anomaly the engine found at trace index {@code i} becomes visible once event {@code i} has run; one the
 * engine could only see in the end state ({@code stepIndex = -1}) appears at the end of the replay.
 */
public final class BalancesViewModel {

    private final ObservableList<AccountBalance> accounts = FXCollections.observableArrayList();
    // Kept in a field: a wrapper nobody holds is garbage collected and silently stops forwarding changes.
    private final ObservableList<AccountBalance> accountsReadOnly = FXCollections.unmodifiableObservableList(accounts);
    private final ReadOnlyLongWrapper sum = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper openingSum = new ReadOnlyLongWrapper();
    private final ReadOnlyBooleanWrapper moneyCreated = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<List<String>> ledgerAnomalies = new ReadOnlyObjectWrapper<>(List.of());
    private final Map<String, long[]> rangeByAccount = new java.util.HashMap<>();

    private List<Account> sceneAccounts = List.of();
    private List<GroupConstraint> sceneGroups = List.of();

    //*************************************************************************
    // Properties                                                            //
    //*************************************************************************

    /** One entry per account, in scene order; replaced as a whole at every position. */
    public ObservableList<AccountBalance> accounts() {
        return accountsReadOnly;
    }

    public ReadOnlyLongProperty sumProperty() {
        return sum.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty openingSumProperty() {
        return openingSum.getReadOnlyProperty();
    }

    /** The sum of balances is above the opening sum: money was created. */
    public ReadOnlyBooleanProperty moneyCreatedProperty() {
        return moneyCreated.getReadOnlyProperty();
    }

    /** Anomalies visible so far that concern the whole ledger rather than one account. */
    public ReadOnlyObjectProperty<List<String>> ledgerAnomaliesProperty() {
        return ledgerAnomalies.getReadOnlyProperty();
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    /** Sets the accounts and the scale for a new run; groups are rules on sums of accounts (may be empty). */
    public void prepare(List<Account> sceneAccounts, List<GroupConstraint> groups, Map<String, Long> opening,
            List<Map<String, Long>> snapshots) {
        this.sceneAccounts = List.copyOf(sceneAccounts);
        this.sceneGroups = List.copyOf(groups);
        rangeByAccount.clear();
        List<Map<String, Long>> all = new ArrayList<>(snapshots);
        all.add(opening);
        for (Map<String, Long> snapshot : all) {
            snapshot.forEach((account, value) -> widen(account, value));
            for (GroupConstraint group : sceneGroups) {
                widen(group.id(), groupSum(group, snapshot, 0));
            }
        }
        openingSum.set(total(opening));
    }

    /**
     * Shows one replay position.
     *
     * @param executed number of trace events already run
     * @param atEnd whether the replay reached the end, which reveals end-state anomalies
     */
    public void show(Map<String, Long> current, Map<String, Long> previous, List<Anomaly> anomalies, int executed,
            boolean atEnd) {
        long now = total(current);
        sum.set(now);
        moneyCreated.set(now > openingSum.get());
        List<String> wholeLedger = new ArrayList<>();
        for (Anomaly anomaly : anomalies) {
            if (anomaly.account() == null && visible(anomaly, executed, atEnd)
                    && !wholeLedger.contains(anomaly.label())) {
                wholeLedger.add(anomaly.label());
            }
        }
        ledgerAnomalies.set(List.copyOf(wholeLedger));

        // Rows last: views refresh on this list and read the sum and badges above, already up to date.
        List<AccountBalance> rows = new ArrayList<>();
        for (Account account : sceneAccounts) {
            long balance = current.getOrDefault(account.id(), account.balance());
            long before = previous.getOrDefault(account.id(), balance);
            Constraint constraint = account.constraint() == null ? Constraint.NONE : account.constraint();
            rows.add(row(account.id(), constraint, balance, before, anomalies, executed, atEnd, List.of(),
                    account.opened() && !current.containsKey(account.id())));
        }
        for (GroupConstraint group : sceneGroups) {
            long balance = groupSum(group, current, 0);
            long before = groupSum(group, previous, 0);
            rows.add(row(group.id(), group.constraint(), balance, before, anomalies, executed, atEnd,
                    group.accounts(), false));
        }
        accounts.setAll(rows);
    }

    private AccountBalance row(String id, Constraint constraint, long balance, long before, List<Anomaly> anomalies,
            int executed, boolean atEnd, List<String> members, boolean notOpenedYet) {
        List<String> badges = new ArrayList<>();
        for (Anomaly anomaly : anomalies) {
            if (id.equals(anomaly.account()) && visible(anomaly, executed, atEnd)
                    && !badges.contains(anomaly.label())) {
                badges.add(anomaly.label());
            }
        }
        long[] range = rangeByAccount.getOrDefault(id, new long[2]);
        return new AccountBalance(id, constraint, balance, before, !constraint.allows(balance), badges,
                Math.min(range[0], Math.min(0, balance)), Math.max(range[1], Math.max(0, balance)), members,
                notOpenedYet);
    }

    private void widen(String key, long value) {
        long[] range = rangeByAccount.computeIfAbsent(key, k -> new long[2]);
        range[0] = Math.min(range[0], value);
        range[1] = Math.max(range[1], value);
    }

    private long groupSum(GroupConstraint group, Map<String, Long> balances, long fallback) {
        long sum = 0;
        for (String member : group.accounts()) {
            Long value = balances.get(member);
            if (value == null) {
                value = sceneAccounts.stream().filter(a -> a.id().equals(member)).map(Account::balance).findFirst()
                        .orElse(fallback);
            }
            sum += value;
        }
        return sum;
    }

    /** How an anomaly type reads on a badge: {@code CONSTRAINT_VIOLATED} becomes "constraint violated". */
    public static String badgeText(AnomalyType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static boolean visible(Anomaly anomaly, int executed, boolean atEnd) {
        return anomaly.stepIndex() < 0 ? atEnd : anomaly.stepIndex() < executed;
    }

    private static long total(Map<String, Long> balances) {
        long total = 0;
        for (Long value : balances.values()) {
            total += value;
        }
        return total;
    }
}
