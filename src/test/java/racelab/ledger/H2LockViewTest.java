package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine reads H2's lock view from the session objects in process (see {@link H2Backend#lockWaitQuery}); it must
 * show exactly what {@code INFORMATION_SCHEMA.SESSIONS.BLOCKER_ID} shows: nothing while no one waits, the waiter and
 * its holder while a row lock is awaited, nothing once the holder commits.
 */
class H2LockViewTest {

    @Test
    void theInProcessReadShowsWhatTheSessionsTableShows() throws Exception {
        H2Backend backend = H2Backend.INSTANCE;
        DatabaseBackend.DatabaseSpace space = backend.openSpace("lock-view-probe");
        Connection monitor = space.connect();
        ExecutorService lane = Executors.newSingleThreadExecutor();
        try (Connection holder = space.connect(); Connection waiter = space.connect();
             DatabaseBackend.LockWaitQuery view = backend.lockWaitQuery(monitor)) {
            try (Statement ddl = monitor.createStatement()) {
                ddl.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0)");
            }
            holder.setAutoCommit(false);
            waiter.setAutoCommit(false);
            int holderSession = backend.sessionId(holder);
            int waiterSession = backend.sessionId(waiter);
            assertThat(view.waitingPairs()).isEmpty();
            assertThat(sessionsTable(monitor)).isEmpty();

            holder.createStatement().executeUpdate("UPDATE t SET v = v + 1 WHERE id = 1");
            Future<Integer> waiting = lane.submit(() -> waiter.createStatement()
                    .executeUpdate("UPDATE t SET v = v + 10 WHERE id = 1"));
            // The waiter blocks until the holder commits (LOCK_TIMEOUT is 600 s), so this loop ends once H2 has
            // registered the wait, however slowly the lane thread gets there on a loaded machine.
            List<String> inProcess = pairs(view.waitingPairs());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (inProcess.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(2);
                inProcess = pairs(view.waitingPairs());
            }
            String expected = waiterSession + " waits for " + holderSession;
            assertThat(inProcess).containsExactly(expected);
            // The wait lasts until the holder commits, so the SQL read sees the same pair.
            assertThat(sessionsTable(monitor)).containsExactly(expected);
            assertThat(view.describe(waiterSession, holderSession)).contains("BLOCKER_ID " + holderSession);

            holder.commit();
            assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(view.waitingPairs()).isEmpty();
            waiter.commit();
        } finally {
            lane.shutdownNow();
            space.drop(monitor);
        }
    }

    private static List<String> pairs(List<int[]> rows) {
        List<String> pairs = new ArrayList<>();
        rows.forEach(row -> pairs.add(row[0] + " waits for " + row[1]));
        return pairs;
    }

    private static List<String> sessionsTable(Connection monitor) throws Exception {
        List<String> pairs = new ArrayList<>();
        try (Statement query = monitor.createStatement();
             ResultSet rows = query.executeQuery(
                     "SELECT SESSION_ID, BLOCKER_ID FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")) {
            while (rows.next()) {
                pairs.add(rows.getInt(1) + " waits for " + rows.getInt(2));
            }
        }
        return pairs;
    }
}
