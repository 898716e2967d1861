package racelab.ui.timeline;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import racelab.ledger.TraceStep;
import racelab.scenario.StepRef;

/**
 * The timeline's cards at one replay position: the schedule laid out in columns, each card carrying the look of
 * its latest trace event.
 *
 * <p>Cards follow the schedule (what the user drags), while the replay walks the trace (which has extra events:
 * a blocked step appears once when it starts waiting and once when it resumes). This class joins the two.
 */
public final class TimelineViewModel {

    private final ObservableList<CardState> cards = FXCollections.observableArrayList();
    // Kept in a field: a wrapper nobody holds is garbage collected and silently stops forwarding changes.
    private final ObservableList<CardState> cardsReadOnly = FXCollections.unmodifiableObservableList(cards);
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper("");

    //*************************************************************************
    // Properties                                                            //
    //*************************************************************************

    /** One card per schedule step, in schedule order. */
    public ObservableList<CardState> cards() {
        return cardsReadOnly;
    }

    /** A sentence for the user after a refused drop or other timeline feedback; empty when nothing to say. */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    public void setHint(String text) {
        hint.set(text == null ? "" : text);
    }

    /**
     * Recomputes every card.
     *
     * @param trace the run's events; may be shorter than the schedule or empty while a run is being computed
     * @param executed how many trace events have run
     */
    public void show(List<StepRef> schedule, List<TraceStep> trace, int executed) {
        List<CardState> next = new ArrayList<>(schedule.size());
        TraceStep current = executed > 0 && executed <= trace.size() ? trace.get(executed - 1) : null;
        for (int column = 0; column < schedule.size(); column++) {
            StepRef step = schedule.get(column);
            TraceStep latest = null;
            List<String> sql = new ArrayList<>();
            for (int i = 0; i < Math.min(executed, trace.size()); i++) {
                TraceStep event = trace.get(i);
                if (event.step().equals(step)) {
                    latest = event;
                    sql.addAll(event.sql());
                }
            }
            boolean isCurrent = current != null && current.step().equals(step);
            next.add(new CardState(step, column, latest == null ? null : latest.outcome(), isCurrent,
                    latest == null ? null : latest.blockedBy(), latest == null ? null : latest.sqlState(), sql, latest == null ? "" : latest.detail()));
        }
        cards.setAll(next);
    }

    /** All SQL a step sends over the whole run, for the card's tooltip even before the replay reaches it. */
    public static List<String> sqlOf(StepRef step, List<TraceStep> trace) {
        List<String> sql = new ArrayList<>();
        for (TraceStep event : trace) {
            if (event.step().equals(step)) {
                sql.addAll(event.sql());
            }
        }
        return sql;
    }
}
