package racelab.logsim.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;

/**
 * One fault at every position of a small scene's step trace ({@code log-explore}): the scene runs once without the
 * fault to number its events, then once per gap between steps with the fault placed right after that event. Each run
 * is a full, independent run of the real simulator; the verdicts are the runs' own audits.
 */
public final class FaultSweep {

    private FaultSweep() {
    }

    /**
     * The outcome with the fault after one event.
     *
     * @param afterEvent the position: the fault fires right after this event of the fault-free trace (0: first)
     * @param timeMs simulated time of that event (0 for position 0)
     * @param event the event's text, or "before the first event"
     * @param lost entries lost in some output, as the run's audit says
     * @param duplicated entries applied more than once
     * @param wronglyDecided entries whose applied/rejected decision differs from the ground truth
     * @param correct the run's own verdict ({@link LogRunResult#correct()})
     * @param causes catalog modes the forensics found
     * @param runEvents simulator events (queue actions) of the whole faulted run, the count {@code log} prints: the
     *     shortest failing run is the least work to replay
     * @param settled whether the run reached its end within its budget
     * @param appliedDuplicates entries that appear more than once as applied on the applied topic
     * @param unprocessed entries never processed before the run ended
     * @param unexplained differences the run's own audit says no mechanism explains (a simulator or audit bug)
     */
    public record Position(int afterEvent, long timeMs, String event, List<Integer> lost, List<Integer> duplicated,
            List<Integer> wronglyDecided, boolean correct, List<String> causes, int runEvents, boolean settled,
            int appliedDuplicates, int unprocessed, int unexplained) {

        /**
         * correct, unexplained (the run's audit found a difference no mechanism explains: a simulator or audit bug,
         * reported, never a lesson), lost, duplicated, lost+duplicated, wrongly-decided, applied-twice (balances
         * right, the applied topic holds an entry twice), unprocessed, or wrong (incorrect in another way).
         */
        public String verdict() {
            if (correct) {
                return "correct";
            }
            if (unexplained > 0) {
                return "unexplained";
            }
            if (!lost.isEmpty() && !duplicated.isEmpty()) {
                return "lost+duplicated";
            }
            if (!lost.isEmpty() || !duplicated.isEmpty()) {
                return !lost.isEmpty() ? "lost" : "duplicated";
            }
            if (!wronglyDecided.isEmpty()) {
                return "wrongly-decided";
            }
            if (appliedDuplicates > 0) {
                return "applied-twice";
            }
            return unprocessed > 0 ? "unprocessed" : "wrong";
        }
    }

    /**
     * Every position's outcome.
     *
     * @param fault the fault swept, as a scene would write it
     * @param traceEvents events of the fault-free trace
     * @param earliestFailing the smallest failing position, or -1 when every position is correct
     * @param shortestFailing the failing position whose whole run has the fewest simulator events (ties: the
     *     earliest), or -1
     */
    public record Result(String scene, long seed, Map<String, String> settings, String fault, int traceEvents,
            List<Position> positions, int earliestFailing, int shortestFailing) {

        public boolean allCorrect() {
            return earliestFailing < 0;
        }

        public long failing() {
            return positions.stream().filter(p -> !p.correct()).count();
        }

        public Position at(int afterEvent) {
            return positions.stream().filter(p -> p.afterEvent() == afterEvent).findFirst().orElse(null);
        }
    }

    /**
     * The fault swept by default: the scene's fault placed by position, else its last fault (the scenes put the
     * fault that decides, the cut or kill, after any that only set the stage, such as a replication lag).
     */
    public static Fault defaultFault(LogScene scene) {
        for (Fault f : scene.faults()) {
            if (f.isByPosition()) {
                return f;
            }
        }
        return scene.faults().isEmpty() ? null : scene.faults().get(scene.faults().size() - 1);
    }

    /** The scene without {@code fault} (compared by identity), the other faults kept at their times. */
    public static LogScene without(LogScene scene, Fault fault) {
        List<Fault> rest = new ArrayList<>();
        boolean removed = false;
        for (Fault f : scene.faults()) {
            if (!removed && f == fault) {
                removed = true;
            } else {
                rest.add(f);
            }
        }
        return withFaults(scene, rest);
    }

    public static LogScene withFaults(LogScene s, List<Fault> faults) {
        return new LogScene(s.id(), s.file(), s.title(), s.seed(), s.settings(), s.fix(), s.modes(), s.expect(),
                s.workload(), List.copyOf(faults), s.powerDomains(), s.durationMs(), s.narration());
    }

    /** The scene with {@code fault} replaced by the same fault after event {@code n}. */
    public static LogScene placed(LogScene scene, Fault fault, int n) {
        List<Fault> faults = new ArrayList<>(without(scene, fault).faults());
        faults.add(fault.afterEvent(n, ""));
        return withFaults(scene, faults);
    }

    /**
     * Runs {@code fault} (one of the scene's faults, or a new one) at every position.
     *
     * @param threads how many runs at once (runs are independent; the result does not depend on it)
     */
    public static Result sweep(LogScene scene, long seed, Map<String, String> overrides, Fault fault, int threads,
            BooleanSupplier cancelled, int positionsMax) throws SettingException {
        LogScene base = scene.faults().contains(fault) ? without(scene, fault) : scene;
        StepTrace baseline = LogSimulation.runStepped(base, seed, overrides, cancelled,
                new StepOptions(0, Long.MAX_VALUE, StepOptions.ALL.eventsMax(), 0)).trace();
        List<Integer> positions = baseline.faultPositions();
        if (positions.size() > positionsMax || !baseline.complete()) {
            throw new SettingException("scene " + scene.id() + " has " + positions.size() + " fault positions, more than "
                    + positionsMax + ": log-explore is for small step scenes (a few entries); run it on a step scene");
        }
        List<Position> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "log-explore");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Position>> futures = new ArrayList<>();
            for (int n : positions) {
                StepEvent at = n == 0 ? null : baseline.event(n);
                long actions = baseline.actionsAfter(n);
                Fault positioned = fault.afterEvent(n, "");
                futures.add(pool.submit(() -> {
                    // The same run as `log --after n` (StepScenesTest checks it), placed by queue action: no recording.
                    LogRunResult r = LogSimulation.runAfterActions(base, seed, overrides, cancelled, positioned, actions);
                    return new Position(n, at == null ? 0 : at.timeMs(), at == null ? "before the first event" : at.text(),
                            r.lostEntries(), r.duplicateEntries(), r.wronglyDecided(), r.correct(), r.causes(),
                            (int) Math.min(Integer.MAX_VALUE, r.events()), r.settled(), r.appliedOutputDuplicates(),
                            r.unprocessedEntries(), r.unexplained().size());
                }));
            }
            for (Future<Position> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogSimulation.CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SettingException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        int earliest = -1;
        int shortest = -1;
        int shortestEvents = Integer.MAX_VALUE;
        for (Position p : results) {
            if (p.correct()) {
                continue;
            }
            if (earliest < 0) {
                earliest = p.afterEvent();
            }
            if (p.runEvents() < shortestEvents) {
                shortestEvents = p.runEvents();
                shortest = p.afterEvent();
            }
        }
        return new Result(scene.id(), seed, LogSimulation.settingsFor(scene, overrides).explicit(), describe(fault),
                baseline.counted(), List.copyOf(results), earliest, shortest);
    }

    /**
     * The gap one step away from where {@code fault} stands: {@code direction} +1 is the next gap later, -1 the one
     * earlier, among the gaps of the fault-free trace (the numbering {@code log-explore} and {@code log --after} use).
     * A fault after an event inside a step fires after the whole step, so it counts from the end of that step.
     *
     * @param fault one of the scene's faults, placed by position
     * @return the moved position, or -1 when there is no gap that way (before the first, after the last)
     * @throws SettingException when the fault's position is past the end of the trace
     */
    public static int movedPosition(LogScene scene, long seed, Map<String, String> overrides, Fault fault,
            int direction, BooleanSupplier cancelled) throws SettingException {
        if (!fault.isByPosition() || (direction != 1 && direction != -1)) {
            throw new IllegalArgumentException("a fault placed by position moves by one gap, +1 or -1");
        }
        LogScene base = scene.faults().contains(fault) ? without(scene, fault) : scene;
        StepTrace baseline = LogSimulation.runStepped(base, seed, overrides, cancelled,
                new StepOptions(0, Long.MAX_VALUE, StepOptions.ALL.eventsMax(), 0)).trace();
        int at = fault.afterEvent();
        if (at > baseline.counted()) {
            throw new SettingException((fault.origin().isEmpty() ? "" : fault.origin() + ": ") + "fault after event "
                    + at + " is past the end of the run: its step trace has " + baseline.counted() + " events");
        }
        int effective = at == 0 ? 0 : baseline.stepEnd(at);
        List<Integer> positions = baseline.faultPositions();
        int index = positions.indexOf(effective) + direction;
        return index < 0 || index >= positions.size() ? -1 : positions.get(index);
    }

    /**
     * One fault position under the scene's settings and under its fix, side by side (the compare page): the fix's
     * position is the matching event of the fixed run's own trace ({@link StepTrace#matchingPosition}).
     *
     * @param asWritten the run with the fault after {@code position} under the scene's settings (plus overrides)
     * @param fixed the run with the fault after {@code fixedPosition} under the scene's fix (plus overrides)
     * @param matched how the fix's position was found: "same event" or "same time"
     */
    public record Comparison(SteppedRun asWritten, int position, SteppedRun fixed, int fixedPosition, String matched) {
    }

    /** Runs {@code fault} after event {@code n} as written and at the matching position under the scene's fix. */
    public static Comparison compare(LogScene scene, long seed, Map<String, String> overrides, Fault fault, int n,
            BooleanSupplier cancelled) throws SettingException {
        LogScene base = scene.faults().contains(fault) ? without(scene, fault) : scene;
        Map<String, String> fixedSettings = new java.util.LinkedHashMap<>(scene.fix());
        fixedSettings.putAll(overrides);
        StepOptions noStates = new StepOptions(0, Long.MAX_VALUE, StepOptions.ALL.eventsMax(), 0);
        StepTrace written = LogSimulation.runStepped(base, seed, overrides, cancelled, noStates).trace();
        StepTrace fixedTrace = LogSimulation.runStepped(base, seed, fixedSettings, cancelled, noStates).trace();
        int fixedN = written.matchingPosition(fixedTrace, n);
        boolean sameEvent = n > 0 && fixedN > 0 && fixedTrace.events().stream().anyMatch(e -> e.number() <= fixedN
                && e.kind() == written.event(n).kind() && e.lane().equals(written.event(n).lane())
                && e.entries().equals(written.event(n).entries()) && fixedTrace.stepEnd(e.number()) == fixedN);
        List<Fault> left = new ArrayList<>(base.faults());
        left.add(fault.afterEvent(n, ""));
        List<Fault> right = new ArrayList<>(base.faults());
        right.add(fault.afterEvent(fixedN, ""));
        return new Comparison(LogSimulation.runStepped(withFaults(scene, left), seed, overrides, cancelled, StepOptions.ALL),
                n, LogSimulation.runStepped(withFaults(scene, right), seed, fixedSettings, cancelled, StepOptions.ALL),
                fixedN, n == 0 || sameEvent ? "same event" : "same time");
    }

    /** A fault as {@code --fault} writes it: {@code power-cut:broker-1,app-1} or {@code power-cut:rack}. */
    public static String describe(Fault fault) {
        return fault.kind() + ":" + (fault.domain() != null ? fault.domain() : String.join(",", fault.targets()));
    }
}
