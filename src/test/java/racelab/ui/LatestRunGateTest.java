package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatestRunGateTest {

    private record Request(long generation) implements LatestRunGate.Request {
    }

    @Test
    void onlyTheNewestRequestReachesTheScreen() {
        LatestRunGate<Request> gate = new LatestRunGate<>();
        Request slow = new Request(gate.nextGeneration());
        gate.publish(slow);
        gate.started(slow);
        assertThat(gate.runningProperty().get()).isTrue();

        Request fast = new Request(gate.nextGeneration());
        gate.publish(fast);
        assertThat(gate.succeeded(slow)).as("a superseded answer is dropped").isFalse();
        assertThat(gate.pendingProperty().get()).isSameAs(fast);

        gate.started(fast);
        assertThat(gate.succeeded(fast)).isTrue();
        assertThat(gate.runningProperty().get()).isFalse();
        assertThat(gate.pendingProperty().get()).isNull();
        assertThat(gate.errorProperty().get()).isEmpty();
    }

    @Test
    void aFailureOfTheNewestIsShownAndAFailureOfAnOlderOneIsNot() {
        LatestRunGate<Request> gate = new LatestRunGate<>();
        Request old = new Request(gate.nextGeneration());
        Request newest = new Request(gate.nextGeneration());
        assertThat(gate.failed(old, "stale")).isFalse();
        assertThat(gate.errorProperty().get()).isEmpty();
        assertThat(gate.failed(newest, "database failed")).isTrue();
        assertThat(gate.errorProperty().get()).isEqualTo("database failed");
    }

    @Test
    void cancellingMakesThePageIdleAtOnceAndDropsTheLateAnswer() {
        LatestRunGate<Request> gate = new LatestRunGate<>();
        Request slow = new Request(gate.nextGeneration());
        gate.publish(slow);
        gate.started(slow);

        gate.cancel("Run cancelled.");

        assertThat(gate.runningProperty().get()).isFalse();
        assertThat(gate.pendingProperty().get()).isNull();
        assertThat(gate.errorProperty().get()).isEqualTo("Run cancelled.");
        assertThat(gate.isCurrent(slow)).as("the run can see it should stop").isFalse();
        assertThat(gate.succeeded(slow)).as("its late answer is dropped").isFalse();

        Request next = new Request(gate.nextGeneration());
        gate.publish(next);
        gate.started(next);
        assertThat(gate.succeeded(next)).isTrue();
        assertThat(gate.errorProperty().get()).isEmpty();
    }

    @Test
    void cancellingWhenIdleChangesNothing() {
        LatestRunGate<Request> gate = new LatestRunGate<>();
        Request done = new Request(gate.nextGeneration());
        gate.started(done);
        gate.succeeded(done);
        gate.cancel("Run cancelled.");
        assertThat(gate.errorProperty().get()).isEmpty();
    }
}
