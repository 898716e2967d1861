package racelab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import racelab.explore.Cancellation;
import racelab.explore.ExploreOptions;
import racelab.explore.ExploreReport;
import racelab.explore.ExploreResult;
import racelab.explore.LedgerExplorer;
import racelab.explore.ProgressListener;
import racelab.scenario.LedgerScene;

/**
 * What {@code explore} and {@code explore-all} share: the scene, the output format, pruning and the idempotency-keys
 * override, and the search itself on H2.
 */
abstract class AbstractExploreCommand extends LabCommand {
    @Parameters(index = "0", paramLabel = "SCENE", description = SceneArguments.DESCRIPTION)
    String scene;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Option(names = "--markdown", description = "With all mitigations: print the matrix as a Markdown table.")
    boolean markdown;

    @Option(names = "--no-prune", description = "Run every interleaving, also those equivalent to one already run.")
    boolean noPrune;

    @Option(names = "--idempotency-keys", paramLabel = "on|off",
            description = "Override the scene's idempotency-keys setting.")
    OnOff idempotencyKeys;

    /** The mitigation asked for: {@code all} or one id. */
    abstract String mitigation();

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        String chosen = mitigation();
        List<String> mitigations = new ArrayList<>();
        if (chosen.equals("all")) {
            mitigations.addAll(LedgerBackend.mitigationIds());
        } else {
            mitigations.add(chosen);
        }
        LedgerScene loaded = SceneArguments.load(scene);
        if (idempotencyKeys != null) {
            loaded = new LedgerScene(loaded.id(), loaded.title(), loaded.file(), loaded.accounts(), loaded.transfers(),
                    loaded.mitigation(), loaded.schedule(), loaded.narration(), loaded.notes(), loaded.groups(),
                    OnOff.toBoolean(idempotencyKeys));
        }
        LedgerExplorer explorer = LedgerBackend.explorer();
        ExploreOptions options = ExploreOptions.DEFAULT.withPrune(!noPrune);
        List<ExploreResult> results;
        try {
            results = explorer.exploreAll(loaded, mitigations, options, ProgressListener.NONE, new Cancellation());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (Exception e) {
            err.println("ledger-lab explore: the search failed: " + e);
            return 1;
        }
        if (mitigations.size() == 1 && !chosen.equals("all")) {
            out.print(json ? ExploreReport.json(results.get(0)) : ExploreReport.text(results.get(0)));
        } else if (json) {
            out.print(ExploreReport.matrixJson(results));
        } else if (markdown) {
            out.print(ExploreReport.markdownMatrix(results));
        } else {
            out.print(ExploreReport.textMatrix(results));
        }
        return 0;
    }
}
