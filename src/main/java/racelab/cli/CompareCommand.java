package racelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import racelab.compare.AtomicFiles;
import racelab.compare.CompareReport;
import racelab.compare.Comparison;
import racelab.ledger.Mitigations;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.SceneFormatException;
import racelab.ui.compare.CompareExport;
import racelab.ui.compare.CompareSnapshot;

/**
 * {@code compare SCENE [--mitigations a,b,c] [--json] [--png FILE] [--markdown FILE] [--step N] [--theme dark]}:
 * the scene's schedule under several mitigations (default: all), as a table, one JSON object, and optionally the
 * compare view as PNG and a Markdown report embedding it.
 */
public final class CompareCommand implements Command {

    private static final String USAGE = "usage: compare SCENE [--mitigations a,b,c] [--json] [--png FILE.png] "
            + "[--markdown FILE.md] [--step N] [--theme dark]";

    @Override
    public String summary() {
        return "one schedule under every fix, side by side: SCENE [--mitigations a,b] [--json] [--png F] [--markdown F]";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        Request request = Request.parse(args);
        if (!Files.isRegularFile(request.scene())) {
            throw new UsageException(request.scene() + ": no such scene file");
        }
        LedgerScene scene;
        try {
            scene = LedgerSceneLoader.load(request.scene());
        } catch (SceneFormatException e) {
            throw new UsageException(e.getMessage());
        }
        if (request.step() != null && request.step() > scene.schedule().size()) {
            throw new UsageException("--step " + request.step() + " is past the end: the schedule has "
                    + scene.schedule().size() + " steps (use 0.." + scene.schedule().size() + ")");
        }
        Comparison comparison;
        try {
            comparison = Comparison.run(scene, request.mitigations(), scene.schedule());
        } catch (SQLException e) {
            err.println("ledger-lab compare: the database failed: SQLState " + e.getSQLState() + ": " + e.getMessage());
            return 1;
        }
        if (request.json()) {
            out.println(CompareJson.write(comparison));
        } else {
            out.print(CompareReport.table(comparison));
        }
        Path png = request.png();
        if (png == null && request.markdown() != null) {
            png = CompareExport.pngNextTo(request.markdown());
        }
        try {
            if (png != null) {
                CompareSnapshot.write(comparison, request.step(), request.dark(), png);
                err.println("wrote " + png);
            }
            if (request.markdown() != null) {
                Path folder = request.markdown().toAbsolutePath().getParent();
                String image = folder.relativize(png.toAbsolutePath()).toString().replace('\\', '/');
                AtomicFiles.writeString(request.markdown(), CompareReport.markdown(comparison, image));
                err.println("wrote " + request.markdown());
            }
        } catch (IOException e) {
            err.println("ledger-lab compare: cannot write: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** The parsed command line. */
    record Request(Path scene, List<String> mitigations, boolean json, Path png, Path markdown, Integer step,
                   boolean dark) {

        static Request parse(String[] args) throws UsageException {
            Path scene = null;
            List<String> mitigations = Mitigations.ids();
            boolean json = false;
            Path png = null;
            Path markdown = null;
            Integer step = null;
            boolean dark = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--mitigations":
                        mitigations = mitigations(value(args, ++i, arg));
                        break;
                    case "--json":
                        json = true;
                        break;
                    case "--png":
                        png = Paths.get(value(args, ++i, arg));
                        break;
                    case "--markdown":
                        markdown = Paths.get(value(args, ++i, arg));
                        break;
                    case "--step":
                        step = step(value(args, ++i, arg));
                        break;
                    case "--theme":
                        String theme = value(args, ++i, arg);
                        if (!theme.equals("light") && !theme.equals("dark")) {
                            throw new UsageException("--theme must be light or dark, found '" + theme + "'");
                        }
                        dark = theme.equals("dark");
                        break;
                    default:
                        if (arg.startsWith("--")) {
                            throw new UsageException("unknown option " + arg + "; expected --mitigations, --json, "
                                    + "--png, --markdown, --step or --theme");
                        }
                        if (scene != null) {
                            throw new UsageException("one scene only, found '" + scene + "' and '" + arg + "'");
                        }
                        scene = Paths.get(arg);
                }
            }
            if (scene == null) {
                throw new UsageException(USAGE);
            }
            return new Request(scene, mitigations, json, png, markdown, step, dark);
        }

        private static List<String> mitigations(String list) throws UsageException {
            List<String> ids = new ArrayList<>();
            for (String part : list.split(",", -1)) {
                String id = part.trim();
                if (id.isEmpty()) {
                    throw new UsageException("--mitigations expects ids separated by commas, found '" + list + "'");
                }
                if (Mitigations.byId(id).isEmpty()) {
                    throw new UsageException("unknown mitigation '" + id + "'; expected one of "
                            + String.join(", ", Mitigations.ids()));
                }
                if (ids.contains(id)) {
                    throw new UsageException("mitigation '" + id + "' is listed twice");
                }
                ids.add(id);
            }
            return ids;
        }

        private static Integer step(String text) throws UsageException {
            try {
                int step = Integer.parseInt(text);
                if (step < 0) {
                    throw new UsageException("--step must be 0 (the start) or more, found " + step);
                }
                return step;
            } catch (NumberFormatException e) {
                throw new UsageException("--step expects a whole number, found '" + text + "'");
            }
        }

        private static String value(String[] args, int index, String option) throws UsageException {
            if (index >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            return args[index];
        }
    }
}
