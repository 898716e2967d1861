package racelab.walkthrough;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code walkthrough FILE --check}: beyond loading (which already checks the format and every scene named), runs
 * every stop on the real engines and checks that each prediction can be measured, each challenge is not won
 * before the first move and has a solution, and the interview path fits its time.
 */
public final class WalkthroughCheck {

    private WalkthroughCheck() {
    }

    /** Problems found, each {@code file:line:column: what is wrong}; empty when the walkthrough is usable. */
    public static List<String> problems(Walkthrough walkthrough) {
        List<String> problems = new ArrayList<>();
        int interview = walkthrough.minutes(Walkthrough.Track.INTERVIEW);
        if (interview > walkthrough.interviewMinutes()) {
            problems.add(walkthrough.file() + ":1:1: the interview path takes " + interview + " minutes, more than "
                    + "interview-minutes: " + walkthrough.interviewMinutes());
        }
        for (Stop stop : walkthrough.stops()) {
            try {
                StopResult result = StopRunner.run(stop);
                if (stop.prediction() != null) {
                    AnswerKey.answer(stop, stop.prediction(), result);
                }
                if (stop.challenge() != null) {
                    ChallengeKey.Solution solution = ChallengeKey.solve(stop);
                    if (solution == null) {
                        problems.add(stop.location() + ": challenge '" + stop.challenge().goal().yamlName()
                                + "' of stop " + stop.id() + " has no solution the lab can find");
                    } else if (wonAtStart(stop, solution)) {
                        problems.add(stop.location() + ": challenge '" + stop.challenge().goal().yamlName()
                                + "' of stop " + stop.id() + " is already won before the first move");
                    }
                }
            } catch (Exception | LinkageError e) {
                problems.add(stop.location() + ": stop " + stop.id() + " does not run: " + e);
            }
        }
        return problems;
    }

    /** The position a player starts from already meets the goal. */
    static boolean wonAtStart(Stop stop, ChallengeKey.Solution solution) throws Exception {
        Challenge challenge = stop.challenge();
        StopResult start;
        if (stop.isLedger()) {
            start = StopRunner.runLedger(stop, stop.ledgerScene().mitigation(),
                    challenge.start() != null ? challenge.start() : stop.ledgerScene().schedule());
        } else if (challenge.goal() == Challenge.Goal.LOSE_ACKED) {
            // The player starts without any fault: nothing can be lost.
            return false;
        } else {
            start = StopRunner.run(stop);
        }
        return ChallengeKey.won(challenge, start, solution);
    }
}
