package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/**
 * Seeded random three-lane scenes (random directions, amounts and rules over three accounts, so rings of locks,
 * chains and crossing writes all occur) under random schedules and every mitigation: every run ends within a few
 * seconds, every lane ends (committed, declined or aborted), nothing is left waiting, and no money appears or
 * disappears (every write is relative).
 */
class BoundedRunsPropertyTest {

    private static final long SEED = 20_261_130L;
    private static final int SCENES = 12;
    private static final int SCHEDULES_PER_SCENE = 3;
    /** A run with a cycle the lab must break lasts about the grace period; this bound is far above it. */
    private static final Duration RUN_BOUND = Duration.ofSeconds(8);

    private static LedgerScene randomScene(Random random, int index) {
        List<String> ids = List.of("alice", "bob", "carol");
        List<Account> accounts = new ArrayList<>();
        for (String id : ids) {
            accounts.add(new Account(id, 50 + 10L * random.nextInt(6),
                    random.nextInt(4) == 0 ? Constraint.NONE : Constraint.NON_NEGATIVE));
        }
        List<Transfer> transfers = new ArrayList<>();
        List<StepRef> serial = new ArrayList<>();
        for (int t = 1; t <= 3; t++) {
            int from = random.nextInt(3);
            int to = (from + 1 + random.nextInt(2)) % 3;
            transfers.add(new Transfer("T" + t, ids.get(from), ids.get(to), 10 + 10L * random.nextInt(5)));
            for (String phase : LedgerScene.PHASES) {
                serial.add(new StepRef("T" + t, phase));
            }
        }
        return new LedgerScene("random-" + index, "random", "<random>", accounts, transfers, "naive", serial, "",
                java.util.Map.of());
    }

    /** A uniformly chosen lane at each position: a random interleaving that keeps every lane's order. */
    private static List<StepRef> randomSchedule(Random random, LedgerScene scene) {
        int[] next = new int[3];
        List<StepRef> schedule = new ArrayList<>();
        while (schedule.size() < 12) {
            int lane = random.nextInt(3);
            if (next[lane] < 4) {
                schedule.add(new StepRef("T" + (lane + 1), LedgerScene.PHASES.get(next[lane]++)));
            }
        }
        return schedule;
    }

    @Test
    void everyRunUnderEveryMitigationEndsInBoundedTimeWithEveryLaneEnded() throws Exception {
        Random random = new Random(SEED);
        for (int s = 0; s < SCENES; s++) {
            LedgerScene scene = randomScene(random, s);
            long money = scene.accounts().stream().mapToLong(Account::balance).sum();
            try (LedgerEngine engine = LedgerEngine.open(scene)) {
                for (int k = 0; k < SCHEDULES_PER_SCENE; k++) {
                    List<StepRef> schedule = randomSchedule(random, scene);
                    for (String mitigation : Mitigations.ids()) {
                        LedgerRun run = assertTimeoutPreemptively(RUN_BOUND,
                                () -> engine.run(mitigation, schedule),
                                () -> "unbounded: " + scene.transfers() + " " + mitigation + " " + schedule);
                        String context = mitigation + " " + scene.transfers() + " " + schedule;
                        assertThat(run.finalBalances().values().stream().mapToLong(Long::longValue).sum())
                                .as(context).isEqualTo(money);
                        for (Transfer transfer : scene.transfers()) {
                            List<TraceStep> lane = run.steps().stream()
                                    .filter(step -> step.lane().equals(transfer.id())).toList();
                            StepOutcome last = lane.get(lane.size() - 1).outcome();
                            assertThat(last).as(context).isNotEqualTo(StepOutcome.BLOCKED);
                            assertThat(lane).as(context).anyMatch(step -> step.outcome() == StepOutcome.DECLINED
                                    || step.outcome() == StepOutcome.ABORTED
                                    || step.outcome() == StepOutcome.DEADLOCK_VICTIM
                                    || step.step().phase().equals("commit") && step.outcome() != StepOutcome.BLOCKED);
                        }
                    }
                }
            }
        }
    }
}
