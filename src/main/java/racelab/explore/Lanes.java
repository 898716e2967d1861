package racelab.explore;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/**
 * The lanes of a scene and their steps in lane order, with a global numbering of every step.
 *
 * <p>Step {@code p} of lane {@code k} gets the global id {@code offset(k) + p}; ids therefore sort lane-major,
 * which is the letter order of the canonical representatives (see {@link Independence}). The lane order is the
 * order of the scene's transfers, so the serial schedule {@code T1..., T2..., ...} is the natural order against which
 * {@link Schedules#distance} measures how far a schedule strays.
 */
public final class Lanes {

    private final List<String> laneIds;
    private final List<List<StepRef>> steps;
    private final int[] offsets;
    private final int[] laneOfStep;
    private final List<StepRef> stepById;

    /** Builds lanes from explicit step lists; every lane must have at least one step. */
    public Lanes(List<String> laneIds, List<List<StepRef>> steps) {
        if (laneIds.size() != steps.size() || laneIds.isEmpty()) {
            throw new IllegalArgumentException("need one step list per lane, and at least one lane");
        }
        this.laneIds = List.copyOf(laneIds);
        List<List<StepRef>> copies = new ArrayList<>();
        for (List<StepRef> lane : steps) {
            if (lane.isEmpty()) {
                throw new IllegalArgumentException("a lane without steps cannot be interleaved");
            }
            copies.add(List.copyOf(lane));
        }
        this.steps = List.copyOf(copies);
        this.offsets = new int[laneIds.size() + 1];
        for (int k = 0; k < laneIds.size(); k++) {
            offsets[k + 1] = offsets[k] + this.steps.get(k).size();
        }
        this.laneOfStep = new int[offsets[laneIds.size()]];
        List<StepRef> byId = new ArrayList<>();
        for (int k = 0; k < laneIds.size(); k++) {
            for (int p = 0; p < this.steps.get(k).size(); p++) {
                laneOfStep[offsets[k] + p] = k;
                byId.add(this.steps.get(k).get(p));
            }
        }
        this.stepById = List.copyOf(byId);
    }

    /**
     * The lanes of a ledger scene: its schedule grouped by lane, each lane keeping the order in which the schedule
     * lists its steps. Lanes are ordered as the scene's transfers; lanes in the schedule that are no transfer
     * (actors) follow in order of first appearance.
     */
    public static Lanes of(LedgerScene scene) {
        Map<String, List<StepRef>> byLane = new LinkedHashMap<>();
        for (Transfer transfer : scene.transfers()) {
            byLane.put(transfer.id(), new ArrayList<>());
        }
        for (StepRef step : scene.schedule()) {
            byLane.computeIfAbsent(step.lane(), lane -> new ArrayList<>()).add(step);
        }
        byLane.values().removeIf(List::isEmpty);
        return new Lanes(new ArrayList<>(byLane.keySet()), new ArrayList<>(byLane.values()));
    }

    public int laneCount() {
        return laneIds.size();
    }

    public List<String> laneIds() {
        return laneIds;
    }

    /** Steps of lane {@code k} in lane order. */
    public List<StepRef> steps(int lane) {
        return steps.get(lane);
    }

    public int laneSize(int lane) {
        return steps.get(lane).size();
    }

    /** Number of steps over all lanes. */
    public int stepCount() {
        return stepById.size();
    }

    /** Global id of step {@code position} of lane {@code lane}. */
    public int id(int lane, int position) {
        return offsets[lane] + position;
    }

    public int laneOf(int id) {
        return laneOfStep[id];
    }

    /** Position of a step inside its lane. */
    public int positionOf(int id) {
        return id - offsets[laneOfStep[id]];
    }

    public StepRef step(int id) {
        return stepById.get(id);
    }

    /** The serial schedule: all of lane 0, then all of lane 1, and so on. */
    public List<StepRef> serialSchedule() {
        return stepById;
    }

    /**
     * Number of interleavings that keep every lane's order: the multinomial coefficient
     * {@code (n1 + ... + nk)! / (n1! ... nk!)}.
     */
    public BigInteger interleavingCount() {
        BigInteger count = BigInteger.ONE;
        int placed = 0;
        for (List<StepRef> lane : steps) {
            for (int i = 1; i <= lane.size(); i++) {
                placed++;
                count = count.multiply(BigInteger.valueOf(placed)).divide(BigInteger.valueOf(i));
            }
        }
        return count;
    }

    /** Converts global ids to step references. */
    public List<StepRef> toSteps(int[] ids) {
        List<StepRef> schedule = new ArrayList<>(ids.length);
        for (int id : ids) {
            schedule.add(stepById.get(id));
        }
        return List.copyOf(schedule);
    }

    /**
     * Converts a schedule to global ids, checking that it holds every step exactly once and keeps lane order.
     *
     * @throws IllegalArgumentException naming the first step that is unknown, repeated or out of lane order
     */
    public int[] toIds(List<StepRef> schedule) {
        if (schedule.size() != stepCount()) {
            throw new IllegalArgumentException(
                    "schedule has " + schedule.size() + " steps, the lanes have " + stepCount());
        }
        int[] next = new int[laneCount()];
        int[] ids = new int[schedule.size()];
        for (int i = 0; i < schedule.size(); i++) {
            StepRef step = schedule.get(i);
            int lane = laneIds.indexOf(step.lane());
            // Lanes may repeat a step (the replica's "replica.replicate"), so a step is known by its lane position.
            if (lane < 0 || next[lane] >= laneSize(lane) || !steps.get(lane).get(next[lane]).equals(step)) {
                throw new IllegalArgumentException("step " + step + " is unknown or out of its lane's order");
            }
            ids[i] = id(lane, next[lane]++);
        }
        return ids;
    }
}
