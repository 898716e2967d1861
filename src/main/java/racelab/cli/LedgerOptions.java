package racelab.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scene and mitigation of the ledger commands ({@code run}, {@code bench-replay}): a picocli mixin. */
public final class LedgerOptions {

    @Parameters(index = "0", paramLabel = "SCENE", description = SceneArguments.DESCRIPTION)
    String scene;

    @Option(names = "--mitigation", paramLabel = "ID", converter = MitigationChoice.class,
            completionCandidates = MitigationChoice.class,
            description = "Run under this mitigation instead of the scene's own: ${COMPLETION-CANDIDATES}.")
    String mitigation;
}
