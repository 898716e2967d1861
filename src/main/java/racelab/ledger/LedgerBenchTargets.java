package racelab.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import racelab.bench.AccountsTable;
import racelab.bench.AttemptOutcome;
import racelab.bench.BenchDatabase;
import racelab.bench.BenchTarget;
import racelab.bench.TargetCatalog;
import racelab.scenario.Account;
import racelab.scenario.LedgerScene;
import racelab.scenario.Transfer;

/**
 * The ledger's eleven mitigations as load-benchmark targets: the smallest adapter that runs one whole transfer
 * (begin, check, apply, commit, release) with a mitigation's own SQL on a worker's own connection.
 *
 * <p>It lives in this package because a {@link LaneContext} is built here; it reuses the ledger's schema
 * ({@link LedgerDatabase}), its lock tables and each mitigation's retry policy, and writes no SQL of its own.
 */
public final class LedgerBenchTargets implements TargetCatalog {

    private static final LedgerBenchTargets H2 = new LedgerBenchTargets(H2Backend.INSTANCE);

    private final DatabaseBackend backend;

    private LedgerBenchTargets(DatabaseBackend backend) {
        this.backend = backend;
    }

    /** The targets on embedded H2. */
    public static TargetCatalog catalog() {
        return H2;
    }

    /** The targets on the given backend. */
    public static TargetCatalog catalog(DatabaseBackend backend) {
        return backend == H2Backend.INSTANCE ? H2 : new LedgerBenchTargets(backend);
    }

    @Override
    public List<String> ids() {
        return Mitigations.idsOn(backend);
    }

    @Override
    public String databaseDescription() {
        return backend.serverDescription();
    }

    @Override
    public BenchTarget create(String id) {
        Mitigation mitigation = Mitigations.byId(id)
                .orElseThrow(() -> new IllegalArgumentException("unknown mitigation '" + id + "'"));
        backend.unavailableReason(mitigation).ifPresent(reason -> {
            throw new MitigationUnavailableException(id, backend.productName(), reason);
        });
        return new Target(mitigation, backend);
    }

    /** One mitigation for one run: its database, the app-lock table of the single app instance, the writer queues. */
    private static final class Target implements BenchTarget {

        private final Mitigation mitigation;
        private final DatabaseBackend backend;
        // Every bench worker is a thread of the same app instance, so they share one in-process lock table.
        private final LockTable instanceLocks = new LockTable("in-process (" + Transfer.DEFAULT_INSTANCE + ")");
        private final LockTable writerQueues = new LockTable("writer queue");
        private LedgerScene scene;

        Target(Mitigation mitigation, DatabaseBackend backend) {
            this.mitigation = mitigation;
            this.backend = backend;
        }

        @Override
        public String id() {
            return mitigation.id();
        }

        @Override
        public BenchDatabase install(List<Account> accounts) throws SQLException {
            scene = new LedgerScene("bench", "Load benchmark", "<bench>", accounts, List.of(), mitigation.id(),
                    List.of(), "", Map.of());
            LedgerDatabase database = new LedgerDatabase(backend, scene, "bench");
            database.useCheckConstraint(mitigation.usesCheckConstraint());
            return BenchDatabase.wrap(database.space.name(), database.monitor, database.space::connect,
                    database::close);
        }

        @Override
        public void prepareWorker(Connection connection) throws SQLException {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(backend.isolationLevel(mitigation));
            backend.prepareLaneSession(connection);
        }

        @Override
        public int maxAttempts() {
            return mitigation.maxAttempts();
        }

        @Override
        public boolean retriesOn(String sqlState) {
            return mitigation.retriesOn(sqlState);
        }

        @Override
        public AttemptOutcome attempt(Connection connection, Transfer transfer) throws SQLException {
            LaneContext lane = new LaneContext(scene, transfer, connection, null, backend, instanceLocks,
                    writerQueues);
            try {
                mitigation.begin(lane);
                mitigation.check(lane);
                mitigation.apply(lane);
                mitigation.commit(lane);
                return AttemptOutcome.APPLIED;
            } catch (Declined declined) {
                connection.rollback();
                return AttemptOutcome.DECLINED;
            } catch (RetryRequested retry) {
                connection.rollback();
                return AttemptOutcome.CONFLICT;
            } catch (SQLException e) {
                // Roll back before the app locks go, as the lane engine does; the bench classifies the state.
                connection.rollback();
                throw e;
            } finally {
                mitigation.release(lane);
                lane.closeStatements();
            }
        }

        @Override
        public void installAudit(BenchDatabase database, List<Account> accounts) throws SQLException {
            if (backend.id().equals("postgres")) {
                racelab.bench.PostgresViolationAudit.install(database.admin(), accountsTable(), accounts);
            } else {
                racelab.bench.ViolationAudit.install(database.admin(), accountsTable(), accounts);
            }
        }

        @Override
        public AccountsTable accountsTable() {
            return new AccountsTable("ACCOUNT", "ID", "BALANCE");
        }
    }
}
