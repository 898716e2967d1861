package racelab.ui.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import racelab.scenario.StepRef;

/**
 * The interleaving the user edits on the timeline: moves that keep every lane's own order, shuffle, reset.
 *
 * <p>A lane's steps must stay in the order the scene gave them (a transfer cannot commit before it begins),
 * so a move is legal exactly when no step of the same lane is jumped over. Illegal moves are refused with a
 * sentence the timeline shows as a hint.
 */
public final class ScheduleEditor {

    private final List<StepRef> original;
    private final ObservableList<StepRef> schedule = FXCollections.observableArrayList();
    // Kept in a field: a wrapper nobody holds is garbage collected and silently stops forwarding changes.
    private final ObservableList<StepRef> scheduleReadOnly = FXCollections.unmodifiableObservableList(schedule);
    private final ReadOnlyBooleanWrapper edited = new ReadOnlyBooleanWrapper(false);

    public ScheduleEditor(List<StepRef> original) {
        this.original = List.copyOf(original);
        schedule.setAll(this.original);
    }

    //*************************************************************************
    // Properties                                                            //
    //*************************************************************************

    /** The current interleaving, read-only: change it through the commands. */
    public ObservableList<StepRef> schedule() {
        return scheduleReadOnly;
    }

    /** The scene's own schedule. */
    public List<StepRef> original() {
        return original;
    }

    /** Whether the schedule differs from the scene's own. */
    public ReadOnlyBooleanProperty editedProperty() {
        return edited.getReadOnlyProperty();
    }

    /** Lanes in order of their first step in the scene's schedule. */
    public List<String> lanes() {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (StepRef step : original) {
            seen.putIfAbsent(step.lane(), true);
        }
        return List.copyOf(seen.keySet());
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    /**
     * Why moving the step at {@code from} to position {@code to} is not allowed, or null when it is.
     *
     * @param to the index the step should have after the move
     */
    public String refusal(int from, int to) {
        if (from < 0 || from >= schedule.size() || to < 0 || to >= schedule.size()) {
            return "Drop the card on a column of the timeline.";
        }
        StepRef moving = schedule.get(from);
        int low = Math.min(from, to);
        int high = Math.max(from, to);
        for (int i = low; i <= high; i++) {
            StepRef other = schedule.get(i);
            if (i != from && other.lane().equals(moving.lane())) {
                String relation = to > from ? "before" : "after";
                return moving + " must stay " + relation + " " + other + ": a lane keeps its own order.";
            }
        }
        return null;
    }

    /** Moves a step if legal; returns the refusal otherwise (and changes nothing). */
    public String move(int from, int to) {
        String refusal = refusal(from, to);
        if (refusal != null) {
            return refusal;
        }
        if (from != to) {
            List<StepRef> next = new ArrayList<>(schedule);
            StepRef moving = next.remove(from);
            next.add(to, moving);
            apply(next);
        }
        return null;
    }

    /** A random interleaving that keeps every lane's order; the seed makes it repeatable. */
    public void shuffle(long seed) {
        Map<String, List<StepRef>> byLane = new LinkedHashMap<>();
        for (StepRef step : original) {
            byLane.computeIfAbsent(step.lane(), lane -> new ArrayList<>()).add(step);
        }
        Random random = new Random(seed);
        List<StepRef> next = new ArrayList<>();
        Map<String, Integer> taken = new LinkedHashMap<>();
        while (next.size() < original.size()) {
            // Pick a lane with weight = steps left, which makes every interleaving equally likely.
            int left = original.size() - next.size();
            int ticket = random.nextInt(left);
            for (Map.Entry<String, List<StepRef>> lane : byLane.entrySet()) {
                int done = taken.getOrDefault(lane.getKey(), 0);
                int remaining = lane.getValue().size() - done;
                if (ticket < remaining) {
                    next.add(lane.getValue().get(done));
                    taken.put(lane.getKey(), done + 1);
                    break;
                }
                ticket -= remaining;
            }
        }
        apply(next);
    }

    /** Back to the scene's own schedule. */
    public void reset() {
        apply(original);
    }

    /** Replaces the whole schedule, e.g. with a counterexample; must keep every lane's order. */
    public void setAll(List<StepRef> next) {
        apply(next);
    }

    private void apply(List<StepRef> next) {
        if (!next.equals(schedule)) {
            schedule.setAll(next);
        }
        edited.set(!schedule.equals(original));
    }
}
