package racelab.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static racelab.ui.replay.Traces.step;

import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.StepRef;

class TimelineViewModelTest {

    private static final List<StepRef> SCHEDULE = List.of(StepRef.parseOrNull("T1.check"),
            StepRef.parseOrNull("T2.check"), StepRef.parseOrNull("T1.commit"));

    /** T2.check waits on T1's row lock and resumes when T1 commits. */
    private static final List<TraceStep> TRACE = List.of(
            step(0, "T1.check", StepOutcome.RAN, null, 100, 0),
            step(1, "T2.check", StepOutcome.BLOCKED, "T1", 100, 0),
            step(2, "T1.commit", StepOutcome.RAN, null, 20, 80),
            step(3, "T2.check", StepOutcome.UNBLOCKED, null, 20, 80));

    private final TimelineViewModel timeline = new TimelineViewModel();

    @Test
    void stepsNotYetReachedArePending() {
        timeline.show(SCHEDULE, TRACE, 1);

        assertThat(timeline.cards().get(0).current()).isTrue();
        assertThat(timeline.cards().get(1).pending()).isTrue();
        assertThat(timeline.cards().get(2).pending()).isTrue();
    }

    @Test
    void aBlockedStepWaitsForTheLaneHoldingTheLockUntilItResumes() {
        timeline.show(SCHEDULE, TRACE, 3);
        CardState waiting = timeline.cards().get(1);
        assertThat(waiting.waiting()).isTrue();
        assertThat(waiting.blockedBy()).isEqualTo("T1");
        assertThat(timeline.cards().get(2).current()).isTrue();

        timeline.show(SCHEDULE, TRACE, 4);
        CardState resumed = timeline.cards().get(1);
        assertThat(resumed.waiting()).isFalse();
        assertThat(resumed.outcome()).isEqualTo(StepOutcome.UNBLOCKED);
        assertThat(resumed.current()).isTrue();
        assertThat(resumed.sql()).hasSize(2);
    }
}
