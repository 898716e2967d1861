package racelab.ledger;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code for-update-unordered}: locks in the order the request names the accounts, which can deadlock. */
final class ForUpdateUnorderedMitigation extends CheckThenAct {

    @Override
    public String id() {
        return "for-update-unordered";
    }

    @Override
    public String title() {
        return "SELECT ... FOR UPDATE, request order (deadlocks)";
    }

    @Override
    protected Map<String, Long> readForCheck(LaneContext lane) throws SQLException {
        if (lane.readsGroupsByMembership()) {
            // A group a member can join is read by its predicate: one locking statement, so no request order.
            return lane.lockAndReadWithGroups(lane.affectedAccounts());
        }
        Map<String, Long> balances = new LinkedHashMap<>();
        for (String id : lane.decisionAccountsInRequestOrder()) {
            balances.put(id, lane.lockAndRead(id));
        }
        for (String id : lane.affectedAccounts()) {
            if (!balances.containsKey(id)) {
                balances.putAll(lane.readBalances(java.util.List.of(id)));
            }
        }
        return balances;
    }

    @Override
    public String explanation() {
        return "The check locks the rows its decision depends on (the account it debits, a loan it credits) in the "
                + "order the request names them, and the other rows get locked only when the UPDATE touches them. "
                + "That stops the double spend, but two transfers in opposite directions (alice to bob, bob to alice) "
                + "each lock their own debit account first and then wait for the other's: a cycle. H2 detects it at "
                + "once and aborts the transaction that closed the cycle with SQLState 40001 (PostgreSQL: 40P01 after "
                + "deadlock_timeout, usually for the other transaction).";
    }

    @Override
    public String tradeOff() {
        return "Same blocking cost as ordered FOR UPDATE, plus deadlocks: one request fails and must be retried, after "
                + "both waited. The fix is free: sort the rows before locking them.";
    }
}
