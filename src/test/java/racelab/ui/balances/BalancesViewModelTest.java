package racelab.ui.balances;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.check.Anomaly;
import racelab.check.AnomalyType;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.ui.replay.Traces;

class BalancesViewModelTest {

    private static final List<Account> ACCOUNTS = List.of(new Account("alice", 100, Constraint.NON_NEGATIVE),
            new Account("bob", 0, Constraint.NONE));
    private static final List<Anomaly> ANOMALIES = List.of(
            new Anomaly(AnomalyType.CONSTRAINT_VIOLATED, "alice", "alice = -60", 7),
            new Anomaly(AnomalyType.MONEY_CREATED, null, "sum went up", -1));

    private final BalancesViewModel balances = new BalancesViewModel();

    @Test
    void anOverdrawnAccountIsFlaggedWithItsBadgeOnlyOnceTheStepHasRun() {
        balances.prepare(ACCOUNTS, List.of(), Traces.opening(100, 0), List.of(Traces.opening(-60, 160)));

        balances.show(Traces.opening(20, 80), Traces.opening(100, 0), ANOMALIES, 7, false);
        AccountBalance before = balances.accounts().get(0);
        assertThat(before.violated()).isFalse();
        assertThat(before.anomalies()).isEmpty();

        balances.show(Traces.opening(-60, 160), Traces.opening(20, 80), ANOMALIES, 8, false);
        AccountBalance after = balances.accounts().get(0);
        assertThat(after.violated()).isTrue();
        assertThat(after.anomalies()).containsExactly("constraint violated (P4 lost update)");
        assertThat(after.previousBalance()).isEqualTo(20);
        assertThat(after.rangeMin()).isEqualTo(-60);
        assertThat(after.rangeMax()).isEqualTo(100);
    }

    @Test
    void anAccountATransferOpensIsMarkedNotOpenedUntilItsRowIsCommitted() {
        List<Account> accounts = List.of(new Account("joint-a", 50, Constraint.NONE),
                new Account("card", 0, Constraint.NONE, "T1"));
        Map<String, Long> before = Map.of("joint-a", 50L);
        Map<String, Long> after = Map.of("joint-a", 50L, "card", -80L);
        balances.prepare(accounts, List.of(), before, List.of(before, after));

        balances.show(before, before, List.of(), 1, false);
        assertThat(balances.accounts().get(1).notOpenedYet()).isTrue();
        assertThat(balances.accounts().get(1).balance()).isZero();
        assertThat(balances.accounts().get(0).notOpenedYet()).isFalse();

        balances.show(after, before, List.of(), 2, false);
        assertThat(balances.accounts().get(1).notOpenedYet()).isFalse();
        assertThat(balances.accounts().get(1).balance()).isEqualTo(-80);
    }

    @Test
    void sumOfBalancesRevealsCreatedMoneyAndEndStateAnomaliesAppearAtTheEnd() {
        balances.prepare(ACCOUNTS, List.of(), Traces.opening(100, 0), List.of());

        balances.show(Traces.opening(20, 160), Traces.opening(20, 80), ANOMALIES, 8, false);
        assertThat(balances.sumProperty().get()).isEqualTo(180);
        assertThat(balances.moneyCreatedProperty().get()).isTrue();
        assertThat(balances.ledgerAnomaliesProperty().get()).isEmpty();

        balances.show(Traces.opening(20, 160), Traces.opening(20, 80), ANOMALIES, 8, true);
        assertThat(balances.ledgerAnomaliesProperty().get()).containsExactly("money created");
    }

    @Test
    void balancesInsideTheRuleAreNotFlagged() {
        balances.prepare(ACCOUNTS, List.of(), Traces.opening(100, 0), List.of());
        balances.show(Map.of("alice", 0L, "bob", 100L), Traces.opening(100, 0), List.of(), 1, false);

        assertThat(balances.accounts()).noneMatch(AccountBalance::violated);
        assertThat(balances.moneyCreatedProperty().get()).isFalse();
    }

    @Test
    void aRuleOnASumOfAccountsGetsItsOwnRowThatBreaksWhenTheSumDoes() {
        List<Account> joint = List.of(new Account("joint-a", 50, Constraint.NONE),
                new Account("joint-b", 50, Constraint.NONE));
        racelab.scenario.GroupConstraint household = new racelab.scenario.GroupConstraint("household",
                List.of("joint-a", "joint-b"), Constraint.NON_NEGATIVE);
        Map<String, Long> after = Map.of("joint-a", -30L, "joint-b", -30L);
        balances.prepare(joint, List.of(household), Map.of("joint-a", 50L, "joint-b", 50L), List.of(after));

        balances.show(after, Map.of("joint-a", -30L, "joint-b", 50L),
                List.of(new Anomaly(AnomalyType.WRITE_SKEW, "household", "write skew", 3)), 4, false);

        AccountBalance row = balances.accounts().get(2);
        assertThat(row.group()).isTrue();
        assertThat(row.members()).containsExactly("joint-a", "joint-b");
        assertThat(row.balance()).isEqualTo(-60);
        assertThat(row.previousBalance()).isEqualTo(20);
        assertThat(row.violated()).isTrue();
        assertThat(row.anomalies()).containsExactly("write skew (G2-item write skew)");
        assertThat(balances.accounts().get(0).violated()).isFalse();
    }
}
