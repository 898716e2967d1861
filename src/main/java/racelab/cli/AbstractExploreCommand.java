package racelab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.Mitigation;
import racelab.ledger.Mitigations;
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

    @Mixin
    BackendOptions database;

    @Option(names = "--runners", paramLabel = "N", description = "Replay schedules on N databases side by side "
            + "(1..64; default: one per core on H2, 1 on PostgreSQL). The results do not depend on N.")
    Integer runners;

    /** The mitigation asked for: {@code all} or one id. */
    abstract String mitigation();

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        String chosen = mitigation();
        LedgerBackend.checkRunners(runners);
        LedgerScene loaded = SceneArguments.load(scene);
        DatabaseBackend backend = database.open();
        List<String> mitigations = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        if (chosen.equals("all")) {
            mitigations.addAll(Mitigations.idsOn(backend));
            for (Mitigation mitigation : Mitigations.everyMitigation()) {
                backend.unavailableReason(mitigation).ifPresent(reason -> unavailable.add(mitigation.id()
                        + " is not in this matrix: unavailable on " + backend.productName() + ": " + reason));
            }
        } else {
            Mitigation mitigation = Mitigations.byId(chosen).orElseThrow();
            String reason = backend.unavailableReason(mitigation).orElse(null);
            if (reason != null) {
                throw new UsageException(chosen + " is unavailable on " + backend.productName() + ": " + reason);
            }
            mitigations.add(chosen);
        }
        if (idempotencyKeys != null) {
            loaded = new LedgerScene(loaded.id(), loaded.title(), loaded.file(), loaded.accounts(), loaded.transfers(),
                    loaded.mitigation(), loaded.schedule(), loaded.narration(), loaded.notes(), loaded.groups(),
                    OnOff.toBoolean(idempotencyKeys));
        }
        LedgerExplorer explorer = LedgerBackend.explorer(backend, runners);
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
        String server = backend.serverDescription();
        if (mitigations.size() == 1 && !chosen.equals("all")) {
            out.print(json ? withDatabase(ExploreReport.json(results.get(0)), backend)
                    : "database: " + server + "\n" + ExploreReport.text(results.get(0)));
        } else if (json) {
            out.print(withDatabase(ExploreReport.matrixJson(results), backend));
        } else if (markdown) {
            out.print(ExploreReport.markdownMatrix(results));
            out.print("\nDatabase: " + server + ".\n");
            unavailable.forEach(line -> out.print("`" + line.replaceFirst(" ", "` ") + ".\n"));
        } else {
            out.print("database: " + server + "\n" + ExploreReport.textMatrix(results));
            unavailable.forEach(line -> out.print(line + "\n"));
        }
        return 0;
    }

    /** The explorer's JSON document with a {@code database} member naming the backend and the server's version. */
    static String withDatabase(String json, DatabaseBackend backend) {
        try {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = (ObjectNode) mapper.readTree(json);
            ObjectNode database = mapper.createObjectNode();
            database.put("backend", backend.id());
            database.put("server", backend.serverDescription());
            ObjectNode ordered = mapper.createObjectNode();
            ordered.set("database", database);
            ordered.setAll(root);
            return mapper.writeValueAsString(ordered) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
