package racelab.ui.logtimeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import racelab.compare.LogPreset;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.trace.FaultSweep;
import racelab.logsim.trace.StepEvent;
import racelab.logsim.trace.StepOptions;
import racelab.logsim.trace.StepTrace;

/**
 * "The same fault position" under the scene's settings and under its fix, for the compare page. Event numbers do not
 * carry over: the fix adds events of its own (an fsync after every append, for {@code flush.messages=1}), so event N
 * of one trace is another moment in the other. The position is carried by the event itself: the fault goes right after
 * the same record-level event (same kind, machine, partition, entries and offsets, the same occurrence of it) in the
 * fix's own fault-free trace, at the end of that event's step. When the fix's trace has no such event, the fault goes
 * after the last step that ended by the same simulated time, and the column says so.
 */
public final class SameFaultUnderFix {

    /**
     * Where the fault stands in one column.
     *
     * @param faultAfter the position in that column's trace
     * @param event the sentence of the event it follows
     * @param sameEvent false when the fix's trace had no such event and the time was used instead
     */
    public record Position(int faultAfter, String event, boolean sameEvent) {
    }

    private SameFaultUnderFix() {
    }

    /** The two columns: the scene's settings with the fault after event {@code n}, and the fix at the same event. */
    public static List<LogPreset> presets(LogScene scene, int n, BooleanSupplier cancelled) throws SettingException {
        Position fixed = underFix(scene, n, cancelled);
        String fault = FaultSweep.defaultFault(scene) == null ? "fault" : FaultSweep.defaultFault(scene).kind();
        StepTrace written = faultFree(scene, Map.of(), cancelled);
        String event = n == 0 ? "before the first event" : written.event(n).text();
        return List.of(
                new LogPreset("scene's settings · " + fault + " after event " + n + ": " + event, Map.of(), false, n),
                new LogPreset("the fix (" + text(scene.fix()) + ") · " + fault + " after event " + fixed.faultAfter()
                        + (fixed.sameEvent() ? ", the same event: " : ", nearest by time (no such event): ")
                        + fixed.event(), scene.fix(), false, fixed.faultAfter()));
    }

    /** Where the fault after event {@code n} of the scene's own trace goes in the trace under its fix. */
    public static Position underFix(LogScene scene, int n, BooleanSupplier cancelled) throws SettingException {
        if (n <= 0) {
            return new Position(0, "before the first event", true);
        }
        StepTrace written = faultFree(scene, Map.of(), cancelled);
        StepTrace fixed = faultFree(scene, scene.fix(), cancelled);
        StepEvent anchor = written.event(Math.min(n, written.size()));
        int occurrence = 0;
        for (int i = 1; i < anchor.number(); i++) {
            if (same(written.event(i), anchor)) {
                occurrence++;
            }
        }
        for (StepEvent candidate : fixed.events()) {
            if (same(candidate, anchor) && occurrence-- == 0) {
                return new Position(endOfStep(fixed, candidate.number()), candidate.text(), true);
            }
        }
        int nearest = 0;
        String text = "before the first event";
        for (StepEvent candidate : fixed.events()) {
            if (candidate.timeMs() > anchor.timeMs()) {
                break;
            }
            if (candidate.boundary()) {
                nearest = candidate.number();
                text = candidate.text();
            }
        }
        return new Position(nearest, text, false);
    }

    private static int endOfStep(StepTrace trace, int number) {
        int end = number;
        while (end < trace.size() && !trace.event(end).boundary()) {
            end++;
        }
        return end;
    }

    private static boolean same(StepEvent a, StepEvent b) {
        return a.kind() == b.kind() && a.lane().equals(b.lane()) && a.partition().equals(b.partition())
                && a.entries().equals(b.entries()) && a.fromOffset() == b.fromOffset() && a.toOffset() == b.toOffset()
                && Objects.equals(a.text(), b.text());
    }

    /** The scene's trace without the fault that moves (its other faults kept), under the overrides. */
    static StepTrace faultFree(LogScene scene, Map<String, String> overrides, BooleanSupplier cancelled)
            throws SettingException {
        Fault movable = FaultSweep.defaultFault(scene);
        LogScene base = movable == null ? scene : FaultSweep.without(scene, movable);
        return LogSimulation.runStepped(base, scene.seed(), overrides, cancelled,
                new StepOptions(0, Long.MAX_VALUE, StepOptions.ALL.eventsMax(), 0)).trace();
    }

    private static String text(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return text.toString();
    }
}
