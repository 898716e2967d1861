package racelab.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * What one lane did during one trace event, collected while it runs. Thread-safe because the scheduler reads the
 * statements sent so far when it reports the lane as blocked.
 */
final class StepLog {

    private final List<String> sql = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private int rowsRead;
    private int rowsAffected;

    synchronized void sql(String statement) {
        sql.add(statement);
    }

    synchronized void read(int rows) {
        rowsRead += rows;
    }

    synchronized void affected(int rows) {
        rowsAffected += rows;
    }

    synchronized void detail(String sentence) {
        details.add(sentence);
    }

    synchronized List<String> sqlSoFar() {
        return List.copyOf(sql);
    }

    synchronized String lastSql() {
        return sql.isEmpty() ? null : sql.get(sql.size() - 1);
    }

    synchronized LaneEvent event(StepOutcome outcome, String sqlState, String extraDetail) {
        List<String> sentences = new ArrayList<>(details);
        if (extraDetail != null) {
            sentences.add(extraDetail);
        }
        return new LaneEvent(outcome, List.copyOf(sql), rowsRead, rowsAffected, sqlState, String.join("; ", sentences));
    }
}
