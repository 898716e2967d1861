package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What really ends a row-lock wait on H2: the lab's cycle breaking relies on it, so it is checked against the H2
 * release on the class path, not assumed.
 */
class H2BackendAbortTest {

    @Test
    void abortWaitEndsARowLockWaitTheHolderKeepsItsLockAndTheWaiterCanRetry() throws Exception {
        H2Backend backend = H2Backend.INSTANCE;
        DatabaseBackend.DatabaseSpace space = backend.openSpace("abort-probe");
        Connection monitor = space.connect();
        ExecutorService lane = Executors.newSingleThreadExecutor();
        try (Connection holder = space.connect(); Connection waiter = space.connect()) {
            try (Statement ddl = monitor.createStatement()) {
                ddl.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0)");
            }
            holder.setAutoCommit(false);
            waiter.setAutoCommit(false);
            int waiterSession = backend.sessionId(waiter);
            holder.createStatement().executeUpdate("UPDATE t SET v = v + 1 WHERE id = 1");
            AtomicReference<Thread> laneThread = new AtomicReference<>();
            Future<String> waiting = lane.submit(() -> {
                laneThread.set(Thread.currentThread());
                try {
                    waiter.createStatement().executeUpdate("UPDATE t SET v = v + 10 WHERE id = 1");
                    return "updated";
                } catch (SQLException e) {
                    return "refused " + e.getSQLState() + ", still interrupted: " + Thread.interrupted();
                }
            });
            try (DatabaseBackend.LockWaitQuery waits = backend.lockWaitQuery(monitor)) {
                while (waits.waitingPairs().stream().noneMatch(p -> p[0] == waiterSession)) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            }

            backend.abortWait(monitor, waiterSession, laneThread.get());

            // Ten seconds is a bound for a loaded machine; the wait itself would last LOCK_TIMEOUT (600 s).
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("refused HYT00, still interrupted: false");
            waiter.rollback();
            holder.commit();
            // The waiter's connection is usable for the retry, and only the holder's change was applied.
            assertThat(waiter.createStatement().executeUpdate("UPDATE t SET v = v + 100 WHERE id = 1")).isEqualTo(1);
            waiter.commit();
            var rows = monitor.createStatement().executeQuery("SELECT v FROM t WHERE id = 1");
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(101);
        } finally {
            lane.shutdownNow();
            space.drop(monitor);
        }
    }
}
