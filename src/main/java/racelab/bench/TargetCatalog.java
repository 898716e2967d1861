package racelab.bench;

import java.util.List;

/** The mitigations the bench can drive; a fresh target per run, so no state leaks between runs. */
public interface TargetCatalog {

    /** Known mitigation ids, in display order. */
    List<String> ids();

    /** A new target for {@code id}; throws {@link IllegalArgumentException} for an unknown id. */
    BenchTarget create(String id);

    /** The database the targets run on, with its version, for the report's header. */
    default String databaseDescription() {
        return "H2 " + org.h2.engine.Constants.FULL_VERSION + " in memory";
    }
}
