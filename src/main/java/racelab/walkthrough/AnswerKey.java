package racelab.walkthrough;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import racelab.check.Anomaly;
import racelab.explore.Cancellation;
import racelab.explore.ExploreOptions;
import racelab.explore.ExploreResult;
import racelab.explore.LedgerEngineRunners;
import racelab.explore.LedgerExplorer;
import racelab.explore.MitigationFootprints;
import racelab.explore.ProgressListener;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.logsim.isolate.Isolator;
import racelab.logsim.result.LogRunResult;

/**
 * Measures the answer to a stop's prediction from the stop's real run, and for the two search questions ("which
 * fix is sound?", "which one setting removes the loss?") from the explorer or the isolator. The walkthrough file
 * never holds an answer.
 */
public final class AnswerKey {

    /** Seeds the isolator sweeps for {@link Measure.Type#REMOVING_SETTING}, starting at the stop's seed. */
    public static final int ISOLATION_SEEDS = 5;

    /** Catalog modes that apply an entry twice (kafka-lost-writes.md): F1 replay, F2 cache, F14 zombie. */
    static final Set<String> REPLAY_MODES = Set.of("F1", "F2", "F14");

    private AnswerKey() {
    }

    /** The answer to {@code prediction} of {@code stop}, whose own run is {@code result}. */
    public static Answer answer(Stop stop, Prediction prediction, StopResult result) throws Exception {
        Measure measure = prediction.measure();
        switch (measure.type()) {
            case VERDICT:
                return single(measure, result.ledger().verdict(), ledgerSource(result));
            case OUTCOME:
                return single(measure, racelab.explore.Outcome.of(result.ledger()).label(), ledgerSource(result));
            case BALANCE:
                return single(measure, Long.toString(result.ledger().finalBalances().get(measure.argument())),
                        ledgerSource(result));
            case FIRST_WAIT:
                String waiting = "none";
                for (TraceStep step : result.ledger().steps()) {
                    if (step.outcome() == StepOutcome.BLOCKED) {
                        waiting = step.step().toString();
                        break;
                    }
                }
                return single(measure, waiting, ledgerSource(result));
            case ANOMALY:
                Set<String> found = new LinkedHashSet<>();
                for (Anomaly anomaly : result.ledger().anomalies()) {
                    if (anomaly.type() != racelab.check.AnomalyType.DEADLOCK) {
                        found.add(anomaly.type().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                    }
                }
                if (found.isEmpty()) {
                    found.add("none");
                }
                return new Answer(measure, String.join(", ", found), found, ledgerSource(result));
            case SOUND_FIX:
                return soundFix(stop, prediction);
            case BALANCES:
                return single(measure, result.log().correct() ? "right" : "wrong", logSource(result.log()));
            case LOST_ENTRIES:
                return single(measure, Integer.toString(result.log().lostEntries().size()), logSource(result.log()));
            case DUPLICATE_ENTRIES:
                return single(measure, Integer.toString(result.log().duplicateEntries().size()),
                        logSource(result.log()));
            case WRONG_ACCOUNTS:
                return single(measure, Integer.toString(result.log().wrongAccounts().size()), logSource(result.log()));
            case CAUSE:
                boolean lost = false;
                boolean twice = false;
                // The forensics' own shapes: an entry missing only because a balance computed from an already
                // wrong state superseded or rejected it ("consequence", or a replay mode) is an effect of the
                // replay, not a second cause.
                for (racelab.logsim.result.WrongAccount account : result.log().wrongAccounts()) {
                    for (racelab.logsim.result.EntryIssue issue : account.issues()) {
                        lost |= issue.kind().equals("LOST") && !"consequence".equals(issue.mode())
                                && !REPLAY_MODES.contains(issue.mode());
                        twice |= issue.kind().equals("DUPLICATED");
                    }
                }
                return single(measure, lost && twice ? "both" : lost ? "lost" : twice ? "applied-twice" : "none",
                        logSource(result.log()));
            case REMOVING_SETTING:
                return removingSetting(stop, prediction);
            case SURVIVOR:
                return survivor(stop, measure, result);
            default:
                throw new IllegalStateException("unhandled measure " + measure);
        }
    }

    private static Answer single(Measure measure, String value, String source) {
        return new Answer(measure, value, Set.of(value.toLowerCase(Locale.ROOT)), source);
    }

    private static String ledgerSource(StopResult result) {
        return "run on H2 under " + result.ledger().mitigation() + ", schedule "
                + String.join(" ", result.ledger().schedule().stream().map(Object::toString).toList());
    }

    private static String logSource(LogRunResult log) {
        return "log simulator, seed " + log.seed() + (log.settings().isEmpty() ? "" : ", " + log.settings());
    }

    /**
     * The stop's fault moved one gap later or earlier ({@link Measure#argument()}), run again: the entries lost where
     * the stop puts the fault that the moved fault keeps. The stop's own run ({@code result}) is the fault where the
     * stop puts it.
     */
    private static Answer survivor(Stop stop, Measure measure, StopResult result) throws Exception {
        Move move = move(stop, "later".equals(measure.argument()) ? 1 : -1);
        String way = "later".equals(measure.argument()) ? "one event later" : "one event earlier";
        String fault = move.fault().kind().replace('-', ' ');
        if (move.to() < 0) {
            return new Answer(measure, "none", Set.of("none"), logSource(result.log()) + ": the " + fault
                    + " after event " + stop.faultAfter() + " has no gap " + way);
        }
        Set<String> survivors = new LinkedHashSet<>();
        for (int entry : result.log().lostEntries()) {
            if (!move.there().lostEntries().contains(entry)) {
                survivors.add("e" + entry);
            }
        }
        String value = survivors.isEmpty() ? "none" : String.join(", ", survivors);
        return new Answer(measure, value, survivors.isEmpty() ? Set.of("none") : survivors, logSource(result.log())
                + ": the " + fault + " after event " + stop.faultAfter() + " loses " + entries(result.log().lostEntries())
                + "; moved " + way + ", after event " + move.to() + ", it loses " + entries(move.there().lostEntries()));
    }

    /**
     * A stop's fault moved by one gap.
     *
     * @param to the position moved to, -1 when there is none that way
     * @param there the run with the fault there, null when {@code to} is -1
     */
    public record Move(racelab.logsim.scene.Fault fault, int to, LogRunResult there) {
    }

    /** The stop's fault (placed with {@code after:}) moved one gap: +1 later, -1 earlier, and its run. */
    public static Move move(Stop stop, int direction) throws Exception {
        racelab.logsim.scene.LogScene scene = stop.logScene();
        racelab.logsim.scene.Fault fault = racelab.logsim.trace.FaultSweep.defaultFault(scene);
        int to = racelab.logsim.trace.FaultSweep.movedPosition(scene, stop.seed(), Map.of(), fault, direction,
                () -> false);
        return new Move(fault, to, to < 0 ? null : racelab.logsim.LogSimulation.run(
                racelab.logsim.trace.FaultSweep.placed(scene, fault, to), stop.seed(), Map.of()));
    }

    private static String entries(List<Integer> ids) {
        if (ids.isEmpty()) {
            return "nothing";
        }
        List<String> names = new ArrayList<>();
        ids.forEach(id -> names.add("e" + id));
        return String.join(", ", names);
    }

    /** Every offered mitigation explored over every interleaving of the stop's scene on H2. */
    private static Answer soundFix(Stop stop, Prediction prediction) throws Exception {
        List<ExploreResult> results = exploreAll(stop, prediction.options());
        Set<String> sound = new LinkedHashSet<>();
        long schedules = 0;
        for (ExploreResult result : results) {
            schedules = result.schedules();
            if (result.complete() && result.sound()) {
                sound.add(result.mitigation());
            }
        }
        String value = sound.isEmpty() ? "none of the offered fixes" : String.join(", ", sound);
        return new Answer(prediction.measure(), value, sound, "explorer: every one of " + schedules
                + " interleavings run on H2 under each of " + String.join(", ", prediction.options()));
    }

    /** The explorer's verdict for each mitigation, on one database. */
    public static List<ExploreResult> exploreAll(Stop stop, List<String> mitigations) throws Exception {
        return new LedgerExplorer(new LedgerEngineRunners(), new MitigationFootprints()).exploreAll(stop.ledgerScene(),
                mitigations, ExploreOptions.DEFAULT, ProgressListener.NONE, new Cancellation());
    }

    /** The isolator's sweep over {@link #ISOLATION_SEEDS} seeds: which single knob brings the damage to zero. */
    private static Answer removingSetting(Stop stop, Prediction prediction) throws Exception {
        Isolator.Report report = isolate(stop);
        Set<String> removing = new LinkedHashSet<>();
        for (String knob : report.removingKnobs()) {
            if (prediction.options().contains(knob)) {
                removing.add(knob);
            }
        }
        List<String> described = new ArrayList<>();
        for (Isolator.Knob knob : Isolator.KNOBS) {
            if (removing.contains(knob.id())) {
                described.add(knob.id() + " (" + knob.description() + ")");
            }
        }
        String value = removing.isEmpty() ? "no single setting" : String.join(", ", described);
        if (removing.isEmpty()) {
            removing.add("none");
        }
        return new Answer(prediction.measure(), value, removing, "isolator: seeds " + report.seedFrom() + ".."
                + report.seedTo() + ", each suspected setting switched alone; " + report.baseline().runsWithLoss()
                + " of " + report.baseline().runs() + " runs wrong as the scene is");
    }

    /** The isolation sweep of a log stop, from its seed over {@link #ISOLATION_SEEDS} seeds. */
    public static Isolator.Report isolate(Stop stop) throws Exception {
        return new Isolator().isolate(stop.logScene(), stop.seed(), stop.seed() + ISOLATION_SEEDS - 1, Map.of(),
                (done, total, what) -> { }, () -> false);
    }
}
