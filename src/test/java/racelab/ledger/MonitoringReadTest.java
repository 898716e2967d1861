package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MonitoringReadTest {

    private static MonitoringRead.Read<String> failing(AtomicInteger calls, int failures, String sqlState) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new SQLException("General error: java.lang.NullPointerException", sqlState);
            }
            return "rows";
        };
    }

    @Test
    void anInternalH2ErrorIsReadAgainAndTheCallerSeesTheRows() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        assertThat(MonitoringRead.withRetry(failing(calls, 2, "50000"))).isEqualTo("rows");
        assertThat(calls).hasValue(3);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> MonitoringRead.withRetry(failing(calls, 1, "90067")))
                .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "90067");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aPersistentInternalErrorStillSurfacesAfterTheBound() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> MonitoringRead.withRetry(failing(calls, Integer.MAX_VALUE, "50000")))
                .isInstanceOf(SQLException.class);
        assertThat(calls).hasValue(MonitoringRead.ATTEMPTS_MAX);
    }
}
