package racelab.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of the ten mitigations, in the order the app lists them. */
public final class Mitigations {

    private static final Map<String, Mitigation> BY_ID = new LinkedHashMap<>();

    static {
        for (Mitigation m : List.of(new NaiveMitigation(), new RepeatableReadMitigation(), new SerializableMitigation(),
                new ForUpdateMitigation(), new ForUpdateUnorderedMitigation(), new OptimisticVersionMitigation(),
                new ConditionalUpdateMitigation(), new CheckConstraintMitigation(), new AppLockMitigation(),
                new SingleWriterMitigation())) {
            BY_ID.put(m.id(), m);
        }
    }

    private Mitigations() {
    }

    /** All mitigations, naive first. */
    public static List<Mitigation> all() {
        return List.copyOf(BY_ID.values());
    }

    public static Optional<Mitigation> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }
}
