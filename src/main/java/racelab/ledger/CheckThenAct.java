package racelab.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The application as the seed question describes it: read the balances, check the rules in Java, write, commit.
 * Each mitigation changes one part: the isolation level, how the check reads, how the write is done.
 */
abstract class CheckThenAct implements Mitigation {

    @Override
    public int isolationLevel() {
        return Connection.TRANSACTION_READ_COMMITTED;
    }

    @Override
    public String isolationName() {
        return "READ COMMITTED";
    }

    @Override
    public void begin(LaneContext lane) throws SQLException {
        lane.note("opens a transaction at " + lane.backend().isolationName(this) + " ("
                + lane.backend().transactionStartNote() + ")");
        String settings = lane.backend().sessionSettingsNote();
        if (!settings.isEmpty()) {
            lane.note(settings);
        }
    }

    @Override
    public void check(LaneContext lane) throws SQLException {
        lane.evaluate(readForCheck(lane));
    }

    /** How the check reads: by default one plain SELECT, from the replica if the app is written that way. */
    protected Map<String, Long> readForCheck(LaneContext lane) throws SQLException {
        if (lane.transfer().readFromReplica()) {
            return lane.readBalancesFromReplica(lane.affectedAccounts());
        }
        return lane.readBalances(lane.affectedAccounts());
    }

    @Override
    public void apply(LaneContext lane) throws SQLException {
        lane.writeAsTheAppDoes();
    }

    @Override
    public void commit(LaneContext lane) throws SQLException {
        lane.commit();
    }
}
