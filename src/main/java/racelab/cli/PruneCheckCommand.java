package racelab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import racelab.explore.Cancellation;
import racelab.explore.PruningCheck;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.Mitigation;
import racelab.ledger.Mitigations;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.SceneFormatException;

/**
 * {@code prune-check [SCENE...] [--mitigation ID|all] [--backend h2|postgres]}: runs the explorer with pruning and
 * over every interleaving, for every ledger scene (or the ones given) under every mitigation the backend runs, and
 * prints whether they report the same: schedules per outcome and the smallest counterexample. Exit 1 if any pair
 * differs. It is how the footprint table, written for H2, is checked on PostgreSQL.
 */
@Command(name = "prune-check", description = {"Check that pruning changes nothing the explorer reports: every ledger "
        + "scene (or the SCENEs given) under every mitigation, explored with pruning and over every interleaving, "
        + "must give the same schedules per outcome and the same smallest counterexample.",
    "Exit 1 if any scene and mitigation differ. Takes minutes on PostgreSQL (about 16,000 runs for all scenes)."})
final class PruneCheckCommand extends LabCommand {

    @Parameters(arity = "0..*", paramLabel = "SCENE", description = "Ledger scene files or ids (default: every "
            + "ledger scene in ./scenes).")
    List<String> scenes = new ArrayList<>();

    @Option(names = "--mitigation", paramLabel = "ID|all", description = "One mitigation, or all that the backend "
            + "runs.")
    String mitigation = "all";

    @Mixin
    BackendOptions database;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        List<LedgerScene> loaded = new ArrayList<>();
        if (scenes.isEmpty()) {
            for (Path file : ledgerSceneFiles()) {
                loaded.add(load(file));
            }
        } else {
            for (String scene : scenes) {
                loaded.add(SceneArguments.load(scene));
            }
        }
        DatabaseBackend backend = database.open();
        List<String> mitigations = new ArrayList<>();
        if (mitigation.equals("all")) {
            mitigations.addAll(Mitigations.idsOn(backend));
        } else {
            Mitigation chosen = Mitigations.byId(mitigation).orElseThrow(() -> new UsageException(
                    "--mitigation: unknown '" + mitigation + "' (one of " + String.join(", ", Mitigations.everyId())
                            + ", all)"));
            String reason = backend.unavailableReason(chosen).orElse(null);
            if (reason != null) {
                throw new UsageException(mitigation + " is unavailable on " + backend.productName() + ": " + reason);
            }
            mitigations.add(mitigation);
        }
        out.println("database: " + backend.serverDescription());
        out.println(String.format("%-28s %-22s %9s %7s %9s  %s", "scene", "mitigation", "schedules", "runs",
                "runs", "same schedules per outcome"));
        out.println(String.format("%-28s %-22s %9s %7s %9s  %s", "", "", "", "pruned", "all", "and smallest "
                + "counterexample"));
        int differing = 0;
        int pairs = 0;
        long start = System.nanoTime();
        for (LedgerScene scene : loaded) {
            List<PruningCheck> checks;
            try {
                checks = PruningCheck.run(LedgerBackend.explorer(backend), scene, mitigations, new Cancellation());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            } catch (Exception e) {
                err.println("ledger-lab prune-check: the search failed on " + scene.id() + ": " + e);
                return 1;
            }
            for (PruningCheck check : checks) {
                pairs++;
                List<String> differences = check.differences();
                out.println(String.format("%-28s %-22s %9d %7d %9d  %s", scene.id(), check.pruned().mitigation(),
                        check.pruned().schedules(), check.pruned().explored(), check.unpruned().explored(),
                        differences.isEmpty() ? "yes" : "NO"));
                for (String difference : differences) {
                    out.println("    " + difference);
                }
                if (!differences.isEmpty()) {
                    differing++;
                }
            }
            out.flush();
        }
        out.println(String.format("%d of %d scene x mitigation pairs agree (%.0f s)", pairs - differing, pairs,
                (System.nanoTime() - start) / 1e9));
        return differing == 0 ? 0 : 1;
    }

    /** Every ledger scene in ./scenes (log scenes are not the explorer's), sorted by name. */
    private static List<Path> ledgerSceneFiles() throws UsageException {
        Path directory = racelab.ui.shell.SceneFiles.defaultDirectory();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory)) {
            List<Path> ledger = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (java.nio.file.Files.readString(file).lines().anyMatch(line -> line.equals("kind: ledger"))) {
                    ledger.add(file);
                }
            }
            return ledger;
        } catch (java.io.IOException e) {
            throw new UsageException("cannot list the scenes in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static LedgerScene load(Path file) throws UsageException {
        try {
            return LedgerSceneLoader.load(file);
        } catch (SceneFormatException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
