package racelab.logsim.result;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterSnapshotTest {

    @Test
    void sentinelOffsetsReadAsWordsAndRealOnesAsNumbers() {
        assertThat(ClusterSnapshot.describeCommittedOffset(ClusterSnapshot.OFFSETS_UNREADABLE)).startsWith("unreadable");
        assertThat(ClusterSnapshot.describeCommittedOffset(ClusterSnapshot.NO_COMMITTED_OFFSET)).isEqualTo("none committed yet");
        assertThat(ClusterSnapshot.describeCommittedOffset(0)).isEqualTo("0");
        assertThat(ClusterSnapshot.describeCommittedOffset(984)).isEqualTo("984");
    }
}
