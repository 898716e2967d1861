package racelab.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.StepRef;

class SchedulePositionsTest {

    private static List<StepRef> schedule(String... steps) {
        List<StepRef> refs = new ArrayList<>();
        for (String step : steps) {
            refs.add(StepRef.parseOrNull(step));
        }
        return refs;
    }

    private static List<TraceStep> trace(Object... refAndOutcome) {
        List<TraceStep> events = new ArrayList<>();
        for (int i = 0; i < refAndOutcome.length; i += 2) {
            events.add(new TraceStep(events.size(), StepRef.parseOrNull((String) refAndOutcome[i]), List.of(), 0, 0,
                    (StepOutcome) refAndOutcome[i + 1], null, null, "", Map.of()));
        }
        return events;
    }

    @Test
    void anUnblockedStepBelongsToTheStepThatReleasedItsLock() {
        List<StepRef> schedule = schedule("T1.begin", "T1.check", "T2.begin", "T2.check", "T1.apply", "T1.commit",
                "T2.apply", "T2.commit");
        List<TraceStep> trace = trace("T1.begin", StepOutcome.RAN, "T1.check", StepOutcome.RAN,
                "T2.begin", StepOutcome.RAN, "T2.check", StepOutcome.BLOCKED, "T1.apply", StepOutcome.RAN,
                "T1.commit", StepOutcome.RAN, "T2.check", StepOutcome.UNBLOCKED, "T2.apply", StepOutcome.DECLINED,
                "T2.commit", StepOutcome.SKIPPED);

        int[] positions = SchedulePositions.of(schedule, trace);

        assertThat(positions).containsExactly(0, 1, 2, 3, 4, 5, 5, 6, 7);
        assertThat(SchedulePositions.eventsUpTo(positions, 0)).isZero();
        assertThat(SchedulePositions.eventsUpTo(positions, 5)).isEqualTo(5);
        assertThat(SchedulePositions.eventsUpTo(positions, 6)).isEqualTo(7);
        assertThat(SchedulePositions.eventsUpTo(positions, 8)).isEqualTo(9);
    }

    @Test
    void aRetryKeepsItsStepAndARepeatedReplicateStepIsMatchedOccurrenceByOccurrence() {
        List<StepRef> schedule = schedule("T1.begin", "replica.replicate", "T1.check", "replica.replicate");
        List<TraceStep> trace = trace("T1.begin", StepOutcome.RAN, "replica.replicate", StepOutcome.RAN,
                "T1.check", StepOutcome.RETRIED, "T1.check", StepOutcome.RAN, "replica.replicate", StepOutcome.RAN);

        assertThat(SchedulePositions.of(schedule, trace)).containsExactly(0, 1, 2, 2, 3);
    }

    @Test
    void anEventOutsideTheScheduleIsRefused() {
        assertThatThrownBy(() -> SchedulePositions.of(schedule("T1.begin"), trace("T9.begin", StepOutcome.RAN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("T9.begin");
    }
}
