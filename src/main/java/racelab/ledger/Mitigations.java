package racelab.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of the mitigations, in the order the app lists them: eleven that run on every backend, and
 * {@code advisory-lock}, which needs PostgreSQL.
 */
public final class Mitigations {

    private static final Map<String, Mitigation> BY_ID = new LinkedHashMap<>();
    /** Mitigations that need a particular database; each backend says whether it can run them. */
    private static final Map<String, Mitigation> BACKEND_SPECIFIC = new LinkedHashMap<>();

    static {
        for (Mitigation m : List.of(new NaiveMitigation(), new RepeatableReadMitigation(),
                new RepeatableReadRetryMitigation(), new SerializableMitigation(),
                new ForUpdateMitigation(), new ForUpdateUnorderedMitigation(), new OptimisticVersionMitigation(),
                new ConditionalUpdateMitigation(), new CheckConstraintMitigation(), new AppLockMitigation(),
                new SingleWriterMitigation())) {
            BY_ID.put(m.id(), m);
        }
        Mitigation advisory = new AdvisoryLockMitigation();
        BACKEND_SPECIFIC.put(advisory.id(), advisory);
    }

    private Mitigations() {
    }

    /** The eleven mitigations that run on every backend, naive first. */
    public static List<Mitigation> all() {
        return List.copyOf(BY_ID.values());
    }

    /** Any known mitigation, including those only some backends run. */
    public static Optional<Mitigation> byId(String id) {
        Mitigation mitigation = BY_ID.get(id);
        return Optional.ofNullable(mitigation != null ? mitigation : BACKEND_SPECIFIC.get(id));
    }

    /** Ids of the eleven mitigations that run on every backend. */
    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }

    /** Every mitigation, the backend-specific ones last, whether or not a given backend runs them. */
    public static List<Mitigation> everyMitigation() {
        List<Mitigation> every = new java.util.ArrayList<>(BY_ID.values());
        every.addAll(BACKEND_SPECIFIC.values());
        return List.copyOf(every);
    }

    /** Ids of {@link #everyMitigation()}. */
    public static List<String> everyId() {
        return everyMitigation().stream().map(Mitigation::id).toList();
    }

    /** The mitigations this backend runs, in the app's order. */
    public static List<Mitigation> on(DatabaseBackend backend) {
        return everyMitigation().stream().filter(m -> backend.unavailableReason(m).isEmpty()).toList();
    }

    /** Ids of {@link #on(DatabaseBackend)}. */
    public static List<String> idsOn(DatabaseBackend backend) {
        return on(backend).stream().map(Mitigation::id).toList();
    }
}
