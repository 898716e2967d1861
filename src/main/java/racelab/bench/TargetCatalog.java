package racelab.bench;

import java.util.List;

/** The mitigations the bench can drive; a fresh target per run, so no state leaks between runs. */
public interface TargetCatalog {

    /** Known mitigation ids, in display order. */
    List<String> ids();

    /** A new target for {@code id}; throws {@link IllegalArgumentException} for an unknown id. */
    BenchTarget create(String id);
}
