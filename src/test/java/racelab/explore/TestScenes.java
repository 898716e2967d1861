package racelab.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/** Small in-code scenes for the explorer's engine-independent tests. */
final class TestScenes {

    private TestScenes() {
    }

    /** {@code n} transfers of 80 from alice (100) to bob, each with begin, check, apply, commit. */
    static LedgerScene withdrawals(int n) {
        List<Transfer> transfers = new ArrayList<>();
        List<StepRef> schedule = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            transfers.add(new Transfer("T" + i, "alice", "bob", 80));
            for (String phase : List.of("begin", "check", "apply", "commit")) {
                schedule.add(new StepRef("T" + i, phase));
            }
        }
        return new LedgerScene("test-withdrawals", "test", "<test>",
                List.of(new Account("alice", 100, Constraint.NON_NEGATIVE), new Account("bob", 0, Constraint.NONE)),
                transfers, "naive", schedule, "", Map.of());
    }
}
