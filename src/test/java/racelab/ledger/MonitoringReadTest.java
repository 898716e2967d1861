package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MonitoringReadTest {

    /** The exception exactly as H2 2.4 builds it for an internal error: SQLState HY000, error code 50000. */
    private static SQLException h2InternalError() {
        return org.h2.message.DbException.get(org.h2.api.ErrorCode.GENERAL_ERROR_1,
                new NullPointerException("this.transaction is null"), "NPE").getSQLException();
    }

    private static MonitoringRead.Read<String> failing(AtomicInteger calls, int failures, SQLException failure) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            return "rows";
        };
    }

    @Test
    void h2ReportsItsInternalErrorAsCode50000WithSqlStateHy000() {
        SQLException failure = h2InternalError();

        assertThat(failure.getErrorCode()).isEqualTo(50000);
        assertThat(failure.getSQLState()).isEqualTo("HY000");
    }

    @Test
    void anInternalH2ErrorIsReadAgainAndTheCallerSeesTheRows() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        assertThat(MonitoringRead.withRetry(failing(calls, 2, h2InternalError()))).isEqualTo("rows");
        assertThat(calls).hasValue(3);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> MonitoringRead.withRetry(failing(calls, 1,
                new SQLException("General error in the message text, but another code", "90067", 90067))))
                .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "90067");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aPersistentInternalErrorStillSurfacesAfterTheBound() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> MonitoringRead.withRetry(failing(calls, Integer.MAX_VALUE, h2InternalError())))
                .isInstanceOf(SQLException.class);
        assertThat(calls).hasValue(MonitoringRead.ATTEMPTS_MAX);
    }
}
