package racelab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code explore SCENE --mitigation ID|all [--json] [--no-prune] [--idempotency-keys on|off]}: runs every
 * interleaving of a scene on H2.
 *
 * <p>{@code --idempotency-keys on|off} overrides the scene's setting (the app records request keys and answers a
 * repeated key with the first result). With {@code --mitigation all} (or as {@code explore-all SCENE}, see
 * {@link ExploreAllCommand}) it explores every mitigation and prints the matrix mitigation x outcome counts;
 * {@code --markdown} prints that matrix as a Markdown table.
 */
@Command(name = "explore", description = "Run every interleaving of a ledger scene on H2 and classify the outcomes; "
        + "the smallest counterexample first.")
final class ExploreCommand extends AbstractExploreCommand {

    @Option(names = "--mitigation", required = true, paramLabel = "ID|all", converter = MitigationOrAll.class,
            completionCandidates = MitigationOrAll.class,
            description = "The mitigation to explore, or all of them: ${COMPLETION-CANDIDATES}.")
    String mitigation;

    @Override
    String mitigation() {
        return mitigation;
    }

    /** A mitigation id of the explorer, or {@code all}. */
    public static final class MitigationOrAll implements ITypeConverter<String>, Iterable<String> {
        @Override
        public String convert(String id) {
            if (!id.equals("all") && !LedgerBackend.mitigationIds().contains(id)) {
                throw new TypeConversionException("unknown mitigation '" + id + "'; expected one of "
                        + String.join(", ", LedgerBackend.mitigationIds()) + ", or all");
            }
            return id;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            List<String> ids = new ArrayList<>(LedgerBackend.mitigationIds());
            ids.add("all");
            return ids.iterator();
        }
    }
}
