package racelab.explore;

import java.util.List;
import java.util.Map;
import racelab.scenario.StepRef;

/**
 * One explored schedule and what came of it; loadable onto the timeline as is.
 *
 * @param distance conflicting step pairs out of lane order, see {@link Schedules#distance}
 * @param finalBalances committed balances after the run, in scene order
 * @param anomalies one line per anomaly, {@code TYPE account: message}
 */
public record ScheduleResult(
        List<StepRef> schedule,
        Outcome outcome,
        int distance,
        Map<String, Long> finalBalances,
        List<String> anomalies) {

    public ScheduleResult {
        schedule = List.copyOf(schedule);
        finalBalances = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(finalBalances));
        anomalies = List.copyOf(anomalies);
    }

    /** The schedule as a list of {@code Tn.phase} strings. */
    public List<String> scheduleText() {
        return schedule.stream().map(StepRef::toString).toList();
    }
}
