package racelab.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.scenario.StepRef;

class AnswerKeyTest {

    @TempDir
    Path dir;

    private Stop stop(String scene, String extra) throws Exception {
        String text = "id: w\nkind: walkthrough\ntitle: T\nquestion: 1\nstops:\n"
                + "  - id: s1\n    title: S\n    scene: " + scene + "\n    interview: true\n    minutes: 5\n"
                + "    ask: A\n    reveal: R\n" + extra;
        return WalkthroughLoader.parse(dir.resolve("w.yaml"), text, Path.of("scenes")).stops().get(0);
    }

    /** A random interleaving of the lanes, each lane's order kept. */
    private static List<StepRef> shuffle(List<StepRef> serial, Random random) {
        List<List<StepRef>> lanes = new ArrayList<>();
        for (String lane : List.of("T1", "T2")) {
            lanes.add(new ArrayList<>(serial.stream().filter(s -> s.lane().equals(lane)).toList()));
        }
        List<StepRef> schedule = new ArrayList<>();
        while (!lanes.get(0).isEmpty() || !lanes.get(1).isEmpty()) {
            int pick = lanes.get(0).isEmpty() ? 1 : lanes.get(1).isEmpty() ? 0 : random.nextInt(2);
            schedule.add(lanes.get(pick).remove(0));
        }
        return schedule;
    }

    @Test
    void theBalanceAndVerdictAnswersFollowTheRealRunOfWhateverScheduleAndFixTheStopNames() throws Exception {
        Random random = new Random(15);
        List<StepRef> serial = stop("double-spend", "").ledgerScene().schedule();
        for (int i = 0; i < 6; i++) {
            List<StepRef> schedule = shuffle(serial, random);
            String mitigation = i % 2 == 0 ? "naive" : "for-update";
            Stop stop = stop("double-spend", "    mitigation: " + mitigation + "\n    schedule: ["
                    + String.join(", ", schedule.stream().map(StepRef::toString).toList()) + "]\n"
                    + "    predict: { prompt: P, measure: balance:alice }\n");
            Answer answer = AnswerKey.answer(stop, stop.prediction(), StopRunner.run(stop));
            LedgerRun independent = LedgerEngine.runOnce(stop.ledgerScene(), mitigation, schedule);
            long alice = independent.finalBalances().get("alice");
            assertThat(answer.value()).isEqualTo(Long.toString(alice));
            assertThat(answer.matches(" " + alice + " ")).isTrue();
            assertThat(answer.matches(Long.toString(alice + 80))).isFalse();
            if (mitigation.equals("for-update")) {
                assertThat(alice).as("for-update never overdraws").isEqualTo(20);
            }
        }
    }

    @Test
    void theSameStopUnderAnotherFixGetsAnotherVerdictAndWaitAnswer() throws Exception {
        Stop naive = stop("double-spend", "    predict: { prompt: P, measure: first-wait }\n");
        Stop locked = stop("double-spend", "    mitigation: for-update\n    predict: { prompt: P, measure: first-wait }\n");
        assertThat(AnswerKey.answer(naive, naive.prediction(), StopRunner.run(naive)).value()).isEqualTo("none");
        Answer wait = AnswerKey.answer(locked, locked.prediction(), StopRunner.run(locked));
        assertThat(wait.value()).isEqualTo("T2.check");
        assertThat(wait.matches("t2.check")).isTrue();
        assertThat(locked.prediction().options()).contains("T2.check", "none");
    }

    @Test
    void aSoundFixIsRightExactlyWhenTheExplorerFindsNoViolation() throws Exception {
        Stop stop = stop("app-lock-two-instances", "    predict: { prompt: P, measure: sound-fix, "
                + "options: [app-lock, for-update, naive] }\n");
        Answer answer = AnswerKey.answer(stop, stop.prediction(), StopRunner.run(stop));
        assertThat(answer.matches("for-update")).isTrue();
        assertThat(answer.matches("app-lock")).as("two instances each take their own lock").isFalse();
        assertThat(answer.matches("naive")).isFalse();
        assertThat(answer.source()).startsWith("explorer:");
    }

    @Test
    void numbersAreReadAsPeopleTypeThem() {
        assertThat(Answer.parseNumber("-60")).isEqualTo(-60L);
        assertThat(Answer.parseNumber("+1_000")).isEqualTo(1000L);
        assertThat(Answer.parseNumber("1,000")).isEqualTo(1000L);
        assertThat(Answer.parseNumber("sixty")).isNull();
        Answer answer = new Answer(new Measure(Measure.Type.LOST_ENTRIES, null), "12", java.util.Set.of("12"), "x");
        assertThat(answer.matches("12")).isTrue();
        assertThat(answer.matches("012")).isTrue();
        assertThat(answer.matches("")).isFalse();
        assertThat(answer.matches("13")).isFalse();
    }

    @Test
    void aChallengeAlreadyWonAtItsStartIsRefusedByTheCheckAtTheStopsLine() throws Exception {
        String text = "id: w\nkind: walkthrough\ntitle: T\nquestion: 1\nstops:\n"
                + "  - id: s1\n    title: S\n    scene: double-spend\n    interview: true\n    minutes: 5\n"
                + "    ask: A\n    reveal: R\n    challenge: { goal: break-rule }\n";
        Walkthrough walkthrough = WalkthroughLoader.parse(dir.resolve("w.yaml"), text, Path.of("scenes"));
        assertThat(WalkthroughCheck.problems(walkthrough)).singleElement().asString()
                .startsWith(dir.resolve("w.yaml") + ":6:5: challenge 'break-rule' of stop s1 is already won");
        Walkthrough serial = WalkthroughLoader.parse(dir.resolve("w.yaml"), text.replace("{ goal: break-rule }",
                "{ goal: break-rule, start: [T1.begin, T1.check, T1.apply, T1.commit, T2.begin, T2.check, T2.apply,"
                        + " T2.commit] }"), Path.of("scenes"));
        assertThat(WalkthroughCheck.problems(serial)).isEmpty();
    }

    @Test
    void aDeadlockChallengeIsWonByTheExplorersSolutionAndNotByTheSerialStart() throws Exception {
        Stop stop = stop("opposite-transfers-deadlock", "    challenge:\n      goal: deadlock\n"
                + "      start: [T1.begin, T1.check, T1.apply, T1.commit, T2.begin, T2.check, T2.apply, T2.commit]\n");
        ChallengeKey.Solution solution = ChallengeKey.solve(stop);
        assertThat(ChallengeKey.won(stop.challenge(), StopRunner.runLedger(stop, "for-update-unordered",
                solution.schedule()), solution)).isTrue();
        assertThat(ChallengeKey.won(stop.challenge(), StopRunner.runLedger(stop, "for-update-unordered",
                stop.challenge().start()), solution)).isFalse();
        assertThat(ChallengeKey.won(stop.challenge(), StopRunner.runLedger(stop, "for-update",
                solution.schedule()), solution)).as("ordered locks cannot deadlock").isFalse();
    }
}
