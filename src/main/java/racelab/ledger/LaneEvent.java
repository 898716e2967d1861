package racelab.ledger;

import java.util.List;

/** One event a lane produced, before the scheduler numbers it and adds the balances snapshot. */
record LaneEvent(StepOutcome outcome, List<String> sql, int rowsRead, int rowsAffected, String sqlState,
                 String detail) {
}
