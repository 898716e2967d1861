package racelab.explore;

/**
 * The independence relation between steps used for partial-order reduction.
 *
 * <p>Two steps are <em>independent</em> when they belong to different lanes and their footprints do not
 * conflict: swapping them when adjacent cannot change what any step observes or the final state. Schedules that
 * differ only by such swaps form one equivalence class (a Mazurkiewicz trace) and give the same outcome, so the
 * explorer runs one representative per class: the lexicographically least schedule of the class, letters ordered
 * by global step id (lane-major). Steps of one lane are always dependent.
 */
public final class Independence {

    private final boolean[][] independent;

    private Independence(boolean[][] independent) {
        this.independent = independent;
    }

    /** The relation given by a footprint model. */
    public static Independence of(Lanes lanes, FootprintModel model) {
        int n = lanes.stepCount();
        StepFootprint[] footprints = new StepFootprint[n];
        for (int id = 0; id < n; id++) {
            footprints[id] = model.footprint(lanes.step(id));
        }
        boolean[][] independent = new boolean[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                independent[a][b] = lanes.laneOf(a) != lanes.laneOf(b) && !footprints[a].conflictsWith(footprints[b]);
            }
        }
        return new Independence(independent);
    }

    /** The empty relation: every pair is dependent, so every interleaving is its own class and nothing is pruned. */
    public static Independence none(Lanes lanes) {
        int n = lanes.stepCount();
        return new Independence(new boolean[n][n]);
    }

    public boolean independent(int a, int b) {
        return independent[a][b];
    }

    /**
     * Whether {@code step} may follow {@code prefix[0..length)} in a lexicographic normal form: no earlier step
     * {@code b > step} is separated from the end only by steps (including {@code b}) independent of {@code step}
     * (Anisimov and Knuth's characterisation: no factor {@code b u a} with {@code a < b}, {@code a I b},
     * {@code a I u}).
     */
    public boolean mayAppend(int[] prefix, int length, int step) {
        for (int j = length - 1; j >= 0; j--) {
            int earlier = prefix[j];
            if (!independent[earlier][step]) {
                return true;
            }
            if (earlier > step) {
                return false;
            }
        }
        return true;
    }

    /**
     * The canonical representative of a schedule's class: repeatedly take the smallest step all of whose dependent
     * predecessors are already taken.
     */
    public int[] canonical(int[] schedule) {
        int n = schedule.length;
        boolean[] taken = new boolean[n];
        int[] result = new int[n];
        for (int out = 0; out < n; out++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (taken[i] || (best >= 0 && schedule[i] > schedule[best])) {
                    continue;
                }
                if (readyAt(schedule, taken, i)) {
                    best = i;
                }
            }
            taken[best] = true;
            result[out] = schedule[best];
        }
        return result;
    }

    private boolean readyAt(int[] schedule, boolean[] taken, int i) {
        for (int j = 0; j < i; j++) {
            if (!taken[j] && !independent[schedule[j]][schedule[i]]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Foata normal form of a schedule's class: every step as early as its dependencies allow (its layer is one
     * more than the latest dependent step before it), layers in order, steps of one layer by lane. It is the
     * "maximally concurrent" picture of the class: for the double spend it shows both begins, then both checks,
     * then the writes. It is equivalent to the schedule, so replaying it gives the same outcome.
     */
    public int[] foata(int[] schedule) {
        int n = schedule.length;
        int[] layer = new int[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            for (int j = 0; j < i; j++) {
                if (!independent[schedule[j]][schedule[i]]) {
                    layer[i] = Math.max(layer[i], layer[j] + 1);
                }
            }
        }
        java.util.Arrays.sort(order, (a, b) -> layer[a] != layer[b]
                ? Integer.compare(layer[a], layer[b])
                : Integer.compare(schedule[a], schedule[b]));
        int[] result = new int[n];
        for (int i = 0; i < n; i++) {
            result[i] = schedule[order[i]];
        }
        return result;
    }
}
