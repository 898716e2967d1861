package racelab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import racelab.explore.Cancellation;
import racelab.explore.ExploreOptions;
import racelab.explore.ExploreReport;
import racelab.explore.ExploreResult;
import racelab.explore.LedgerExplorer;
import racelab.explore.ProgressListener;
import racelab.scenario.LedgerScene;

/**
 * {@code explore SCENE --mitigation ID|all [--json] [--no-prune] [--idempotency-keys on|off]}: runs every interleaving of a scene on H2.
 *
 * <p>{@code --idempotency-keys on|off} overrides the scene's setting (the app records request keys and answers a
 * repeated key with the first result). With {@code --mitigation all} (or as {@code explore-all SCENE}) it explores every mitigation and prints the
 * matrix mitigation x outcome counts; {@code --markdown} prints that matrix as a Markdown table.
 */
final class ExploreCommand implements Command {

    private final boolean allByDefault;

    ExploreCommand(boolean allByDefault) {
        this.allByDefault = allByDefault;
    }

    @Override
    public String summary() {
        return allByDefault
                ? "SCENE [--json|--markdown]: explore every mitigation, print the mitigation x outcome matrix"
                : "SCENE --mitigation ID|all [--json] [--no-prune] [--idempotency-keys on|off]: run every interleaving "
                        + "on H2, classify outcomes";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        String scenePath = null;
        String mitigation = allByDefault ? "all" : null;
        boolean json = false;
        boolean markdown = false;
        boolean prune = true;
        Boolean idempotencyKeys = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--markdown")) {
                markdown = true;
            } else if (arg.equals("--no-prune")) {
                prune = false;
            } else if (arg.equals("--idempotency-keys")) {
                String value = i + 1 < args.length ? args[++i] : "";
                if (!value.equals("on") && !value.equals("off")) {
                    throw new UsageException("--idempotency-keys expects on or off, got '" + value + "'");
                }
                idempotencyKeys = value.equals("on");
            } else if (arg.equals("--mitigation")) {
                if (i + 1 == args.length) {
                    throw new UsageException("--mitigation needs an id, one of " + String.join(", ", LedgerBackend.mitigationIds())
                            + ", or all");
                }
                mitigation = args[++i];
            } else if (arg.startsWith("--")) {
                throw new UsageException("unknown option " + arg);
            } else if (scenePath == null) {
                scenePath = arg;
            } else {
                throw new UsageException("expected one scene file, got a second: " + arg);
            }
        }
        if (scenePath == null) {
            throw new UsageException("expected a scene file, e.g. scenes/double-spend.yaml");
        }
        if (mitigation == null) {
            throw new UsageException("expected --mitigation ID (one of " + String.join(", ", LedgerBackend.mitigationIds())
                    + ") or --mitigation all");
        }
        List<String> mitigations = new ArrayList<>();
        if (mitigation.equals("all")) {
            mitigations.addAll(LedgerBackend.mitigationIds());
        } else if (LedgerBackend.mitigationIds().contains(mitigation)) {
            mitigations.add(mitigation);
        } else {
            throw new UsageException("unknown mitigation '" + mitigation + "'; expected one of "
                    + String.join(", ", LedgerBackend.mitigationIds()) + ", or all");
        }
        LedgerScene scene = SceneArguments.load(scenePath);
        if (idempotencyKeys != null) {
            scene = new LedgerScene(scene.id(), scene.title(), scene.file(), scene.accounts(), scene.transfers(),
                    scene.mitigation(), scene.schedule(), scene.narration(), scene.notes(), scene.groups(),
                    idempotencyKeys);
        }
        LedgerExplorer explorer = LedgerBackend.explorer();
        ExploreOptions options = ExploreOptions.DEFAULT.withPrune(prune);
        List<ExploreResult> results;
        try {
            results = explorer.exploreAll(scene, mitigations, options, ProgressListener.NONE, new Cancellation());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (Exception e) {
            err.println("ledger-lab explore: the search failed: " + e);
            return 1;
        }
        if (mitigations.size() == 1 && !mitigation.equals("all")) {
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
