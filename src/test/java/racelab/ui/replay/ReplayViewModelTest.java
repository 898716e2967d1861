package racelab.ui.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayViewModelTest {

    private final ReplayViewModel replay = new ReplayViewModel();

    @Test
    void startsBeforeTheFirstStepWithOpeningBalances() {
        replay.load(Traces.opening(100, 0), Traces.doubleSpend());

        assertThat(replay.getPosition()).isZero();
        assertThat(replay.getCurrentStep()).isNull();
        assertThat(replay.currentBalancesProperty().get()).containsEntry("alice", 100L);
        assertThat(replay.atStartBinding().get()).isTrue();
        assertThat(replay.atEndBinding().get()).isFalse();
    }

    @Test
    void steppingForwardAndBackMovesTheCursorOverSnapshots() {
        replay.load(Traces.opening(100, 0), Traces.doubleSpend());
        for (int i = 0; i < 6; i++) {
            replay.forward();
        }
        assertThat(replay.getCurrentStep().step().toString()).isEqualTo("T1.commit");
        assertThat(replay.currentBalancesProperty().get()).containsEntry("alice", 20L);
        assertThat(replay.previousBalancesProperty().get()).containsEntry("alice", 100L);

        replay.back();
        assertThat(replay.getCurrentStep().step().toString()).isEqualTo("T1.apply");
        assertThat(replay.currentBalancesProperty().get()).containsEntry("alice", 100L);
    }

    @Test
    void cursorStaysWithinTheTrace() {
        replay.load(Traces.opening(100, 0), Traces.doubleSpend());
        replay.back();
        assertThat(replay.getPosition()).isZero();

        replay.toEnd();
        assertThat(replay.forward()).isFalse();
        assertThat(replay.getPosition()).isEqualTo(8);
        assertThat(replay.currentBalancesProperty().get()).containsEntry("alice", -60L);

        replay.positionProperty().set(99);
        assertThat(replay.getPosition()).isEqualTo(8);
    }

    @Test
    void playingFromTheEndStartsOverAndReachingTheEndStops() {
        replay.load(Traces.opening(100, 0), Traces.doubleSpend());
        replay.toEnd();

        replay.togglePlaying();
        assertThat(replay.playingProperty().get()).isTrue();
        assertThat(replay.getPosition()).isZero();

        while (replay.forward()) {
            assertThat(replay.playingProperty().get()).isTrue();
        }
        assertThat(replay.playingProperty().get()).isFalse();
    }

    @Test
    void loadingANewRunKeepsThePlaceInTheStory() {
        replay.load(Traces.opening(100, 0), Traces.doubleSpend());
        replay.positionProperty().set(5);

        replay.load(Traces.opening(100, 0), Traces.doubleSpend().subList(0, 7));
        assertThat(replay.getPosition()).isEqualTo(5);

        replay.load(Traces.opening(100, 0), Traces.doubleSpend().subList(0, 3));
        assertThat(replay.getPosition()).isEqualTo(3);
        assertThat(replay.getCurrentStep().step().toString()).isEqualTo("T2.begin");
    }
}
