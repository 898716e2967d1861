package racelab.ledger;

import java.sql.SQLException;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.GroupConstraint;

/** {@code conditional-update}: the check folded into one UPDATE ... WHERE, its row count checked. */
final class ConditionalUpdateMitigation extends CheckThenAct {

    @Override
    public String id() {
        return "conditional-update";
    }

    @Override
    public String title() {
        return "Conditional UPDATE ... WHERE balance - amount >= 0";
    }

    @Override
    public void check(LaneContext lane) {
        lane.note("no separate read: the rule is checked by the UPDATE itself in apply");
    }

    @Override
    public void apply(LaneContext lane) throws SQLException {
        if (lane.transfer().absoluteWrite()) {
            lane.note("the app's absolute write is replaced by a relative, conditional one");
        }
        // Rows in account-id order, not request order: opposite transfers would otherwise each hold one row lock
        // until COMMIT and deadlock (the load benchmark measured it).
        for (String id : lane.deltasInAccountIdOrder()) {
            long delta = lane.deltas().get(id);
            Constraint rule = lane.scene().account(id).map(Account::constraint).orElse(Constraint.NONE);
            int rows;
            GroupConstraint group = groupAtRiskContaining(lane, id);
            if (lane.atRisk(id) && rule == Constraint.NON_NEGATIVE) {
                rows = lane.update("UPDATE account SET balance = balance - ? WHERE id = ? AND balance - ? >= 0",
                        -delta, id, -delta);
            } else if (lane.atRisk(id) && rule == Constraint.NON_POSITIVE) {
                rows = lane.update("UPDATE account SET balance = balance + ? WHERE id = ? AND balance + ? <= 0",
                        delta, id, delta);
            } else if (group != null) {
                rows = updateKeepingGroupRule(lane, id, delta, group);
            } else {
                lane.updateRelative(id, delta);
                continue;
            }
            if (rows == 0) {
                throw lane.decline("0 rows updated: " + id + " does not satisfy the condition, declined");
            }
            lane.note("1 row updated for " + id + ": the condition held on the latest committed row");
        }
    }

    private static GroupConstraint groupAtRiskContaining(LaneContext lane, String id) {
        for (GroupConstraint group : lane.groupsAtRisk()) {
            if (group.accounts().contains(id) && lane.deltas().get(id) != 0) {
                return group;
            }
        }
        return null;
    }

    private static int updateKeepingGroupRule(LaneContext lane, String id, long delta, GroupConstraint group)
            throws SQLException {
        String sign = delta < 0 ? "-" : "+";
        String compare = group.constraint() == Constraint.NON_NEGATIVE ? ">=" : "<=";
        if (lane.scene().isOpen(group)) {
            lane.note("the group rule needs the other members, so the condition is a subquery on rows this UPDATE "
                    + "does not lock, found by their group_id");
            return lane.update("UPDATE account SET balance = balance " + sign + " ? WHERE id = ? AND (SELECT "
                    + "SUM(balance) FROM account WHERE group_id = ?) " + sign + " ? " + compare + " ?", Math.abs(delta),
                    id, group.id(), Math.abs(lane.groupDelta(group)), 0);
        }
        StringBuilder in = new StringBuilder();
        Object[] params = new Object[group.accounts().size() + 4];
        params[0] = Math.abs(delta);
        params[1] = id;
        for (int i = 0; i < group.accounts().size(); i++) {
            in.append(i == 0 ? "?" : ", ?");
            params[2 + i] = group.accounts().get(i);
        }
        params[params.length - 2] = Math.abs(lane.groupDelta(group));
        params[params.length - 1] = 0;
        lane.note("the group rule needs the other rows, so the condition is a subquery on rows this UPDATE does not "
                + "lock");
        return lane.update("UPDATE account SET balance = balance " + sign + " ? WHERE id = ? AND (SELECT SUM(balance) "
                + "FROM account WHERE id IN (" + in + ")) " + sign + " ? " + compare + " ?", params);
    }

    @Override
    public String explanation() {
        return "No read-then-decide at all: one statement UPDATE account SET balance = balance - :amt WHERE id = :id "
                + "AND balance - :amt >= 0 (for a loan: balance + :amt <= 0), and the app checks the row count: 0 rows "
                + "means declined. The database evaluates the condition on the row it locks; at READ COMMITTED, after "
                + "waiting for another writer, H2 and PostgreSQL re-read the latest committed row and re-check the "
                + "WHERE, so the condition and the write are atomic. A rule across rows (a group sum) needs a "
                + "subquery on rows the UPDATE does not lock, and that is NOT safe: write skew gets through.";
    }

    @Override
    public String tradeOff() {
        return "The cheapest correct fix for per-row rules: one round trip, row locks held only for the statement's "
                + "transaction, no retries, and no deadlocks because both rows are written in account-id order. It only works when the rule can be written as a condition on the row "
                + "being written; multi-row rules and rich business checks do not fit.";
    }
}
