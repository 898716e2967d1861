package racelab.walkthrough;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import racelab.explore.ExploreResult;
import racelab.explore.Outcome;
import racelab.explore.ScheduleResult;
import racelab.logsim.isolate.Isolator;
import racelab.logsim.scene.Fault;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/**
 * Decides whether a real run wins a challenge, and finds a solution with the lab's own search tools: the
 * interleaving explorer for ledger goals, the scene's fault script or the isolator for log goals.
 */
public final class ChallengeKey {

    private ChallengeKey() {
    }

    /**
     * A solution.
     *
     * @param schedule ledger: the schedule to load (null for other goals)
     * @param mitigation ledger: the mitigation to load
     * @param settings log: the one setting change that wins (empty for other goals)
     * @param faults log: the fault script that wins (empty for other goals)
     * @param statements fewest-statements: statements each sound mitigation sends on the stop's schedule
     */
    public record Solution(String description, List<StepRef> schedule, String mitigation, Map<String, String> settings,
            List<Fault> faults, Map<String, Integer> statements) {
    }

    /** Whether this run meets the goal. {@code solution} is needed for {@link Challenge.Goal#FEWEST_STATEMENTS}. */
    public static boolean won(Challenge challenge, StopResult run, Solution solution) {
        switch (challenge.goal()) {
            case BREAK_RULE:
                return run.ledger() != null && run.ledger().verdict().equals("violated");
            case DEADLOCK:
                return run.ledger() != null && Outcome.of(run.ledger()) == Outcome.DEADLOCK;
            case FEWEST_STATEMENTS:
                if (run.ledger() == null || solution == null || !run.ledger().verdict().equals("safe")) {
                    return false;
                }
                Integer fewest = solution.statements().values().stream().min(Integer::compare).orElse(null);
                Integer mine = solution.statements().get(run.ledger().mitigation());
                return mine != null && mine.equals(fewest);
            case LOSE_ACKED:
                return run.log() != null && !run.acknowledgedLosses().isEmpty();
            case ONE_SETTING:
                return run.log() != null && run.log().correct();
            default:
                return false;
        }
    }

    /** A solution found by search on the real engines; null when the search finds none. */
    public static Solution solve(Stop stop) throws Exception {
        Challenge challenge = stop.challenge();
        switch (challenge.goal()) {
            case BREAK_RULE:
            case DEADLOCK: {
                String mitigation = stop.ledgerScene().mitigation();
                ExploreResult result = AnswerKey.exploreAll(stop, List.of(mitigation)).get(0);
                ScheduleResult example = challenge.goal() == Challenge.Goal.BREAK_RULE ? result.minimal()
                        : result.examples().get(Outcome.DEADLOCK);
                if (example == null) {
                    return null;
                }
                return new Solution("the explorer's " + (challenge.goal() == Challenge.Goal.BREAK_RULE
                        ? "smallest counterexample" : "nearest-to-serial deadlock") + " under " + mitigation + ": "
                        + String.join(" ", example.scheduleText()), example.schedule(), mitigation, Map.of(),
                        List.of(), Map.of());
            }
            case FEWEST_STATEMENTS: {
                Map<String, Integer> statements = new LinkedHashMap<>();
                for (ExploreResult result : AnswerKey.exploreAll(stop, LedgerSceneLoader.MITIGATION_IDS)) {
                    if (result.complete() && result.sound()) {
                        statements.put(result.mitigation(), StopRunner.runLedger(stop, result.mitigation(),
                                stop.ledgerScene().schedule()).statements());
                    }
                }
                String best = statements.entrySet().stream().min(Map.Entry.comparingByValue())
                        .map(Map.Entry::getKey).orElse(null);
                if (best == null) {
                    return null;
                }
                List<String> ranked = new ArrayList<>();
                statements.entrySet().stream().sorted(Map.Entry.comparingByValue())
                        .forEach(e -> ranked.add(e.getKey() + " " + e.getValue()));
                return new Solution(best + ": sound on every interleaving (explorer) with " + statements.get(best)
                        + " statements on this schedule; sound fixes by statements: " + String.join(", ", ranked),
                        stop.ledgerScene().schedule(), best, Map.of(), List.of(), statements);
            }
            case LOSE_ACKED: {
                StopResult own = StopRunner.run(stop);
                if (own.acknowledgedLosses().isEmpty()) {
                    return null;
                }
                List<String> faults = stop.logScene().faults().stream().map(Fault::describe).toList();
                return new Solution("the scene's own fault script loses " + own.acknowledgedLosses().size()
                        + " acknowledged entr" + (own.acknowledgedLosses().size() == 1 ? "y" : "ies") + ": "
                        + String.join("; ", faults), null, null, Map.of(), stop.logScene().faults(), Map.of());
            }
            case ONE_SETTING: {
                Isolator.Report report = AnswerKey.isolate(stop);
                for (Isolator.Knob knob : Isolator.KNOBS) {
                    if (report.removingKnobs().contains(knob.id())) {
                        return new Solution("the isolator: " + knob.description() + " alone removes the damage on seeds "
                                + report.seedFrom() + ".." + report.seedTo(), null, null, knob.safe(), List.of(),
                                Map.of());
                    }
                }
                return null;
            }
            default:
                return null;
        }
    }
}
