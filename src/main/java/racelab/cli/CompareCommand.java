package racelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import racelab.compare.AtomicFiles;
import racelab.compare.CompareReport;
import racelab.compare.Comparison;
import racelab.compare.LogCompareReport;
import racelab.compare.LogComparison;
import racelab.compare.LogPreset;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.LogScene;
import racelab.ledger.Mitigations;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.SceneFormatException;
import racelab.ui.compare.CompareExport;
import racelab.ui.compare.CompareSnapshot;
import racelab.ui.compare.LogCompareSnapshot;
import racelab.ui.shell.SceneFiles;

/**
 * {@code compare SCENE [--mitigations a,b,c] [--json] [--png FILE] [--markdown FILE] [--step N] [--theme dark]}:
 * the scene's schedule under several mitigations (default: all), as a table, one JSON object, and optionally the
 * compare view as PNG and a Markdown report embedding it.
 */
public final class CompareCommand implements Command {

    private static final String USAGE = "usage: compare SCENE [--mitigations a,b,c] [--json] [--png FILE.png] "
            + "[--markdown FILE.md] [--step N] [--theme dark]; for a log scene: compare SCENE [--seed N] "
            + "[--presets " + String.join(",", LogPreset.ids()) + "] [--json] [--png FILE] [--markdown FILE]";

    @Override
    public String summary() {
        return "every fix side by side: SCENE [--mitigations a,b | --presets p,q --seed N] [--json] [--png F] "
                + "[--markdown F]";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        Request request = Request.parse(args);
        Path sceneFile = SceneArguments.resolve(request.scene().toString());
        if ("log".equals(SceneFiles.read(sceneFile).kind())) {
            return runLog(request, out, err);
        }
        if (request.presets() != null || request.seed() != null) {
            throw new UsageException("--presets and --seed are for log scenes; a ledger scene compares --mitigations");
        }
        LedgerScene scene;
        try {
            scene = LedgerSceneLoader.load(sceneFile);
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
        return export(request, err, png -> CompareSnapshot.write(comparison, request.step(), request.dark(), png),
                image -> CompareReport.markdown(comparison, image));
    }

    private int runLog(Request request, PrintStream out, PrintStream err) throws UsageException {
        if (request.mitigationsGiven() || request.step() != null) {
            throw new UsageException("--mitigations and --step are for ledger scenes; a log scene compares --presets "
                    + String.join(",", LogPreset.ids()));
        }
        LogScene scene = LogSceneArgs.scene(request.scene().toString());
        long seed = request.seed() == null ? scene.seed() : request.seed();
        LogComparison comparison;
        try {
            comparison = LogComparison.run(scene, seed, request.presets() == null ? LogPreset.defaults()
                    : request.presets());
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        } catch (RuntimeException e) {
            err.println("ledger-lab compare: the simulation failed: " + e);
            return 1;
        }
        if (request.json()) {
            out.println(CompareJson.write(comparison));
        } else {
            out.print(LogCompareReport.table(comparison));
        }
        return export(request, err, png -> LogCompareSnapshot.write(comparison, request.dark(), png),
                image -> LogCompareReport.markdown(comparison, image));
    }

    /** Renders a PNG of the view to a path. */
    private interface PngWriter {
        void write(Path png) throws UsageException, IOException;
    }

    /** Writes the PNG (asked for, or beside the Markdown report) and the report; both atomically. */
    private static int export(Request request, PrintStream err, PngWriter pngWriter,
            java.util.function.Function<String, String> markdown) throws UsageException {
        Path png = request.png();
        if (png == null && request.markdown() != null) {
            png = CompareExport.pngNextTo(request.markdown());
        }
        try {
            if (png != null) {
                pngWriter.write(png);
                err.println("wrote " + png);
            }
            if (request.markdown() != null) {
                Path folder = request.markdown().toAbsolutePath().getParent();
                String image = folder.relativize(png.toAbsolutePath()).toString().replace('\\', '/');
                AtomicFiles.writeString(request.markdown(), markdown.apply(image));
                err.println("wrote " + request.markdown());
            }
        } catch (IOException e) {
            err.println("ledger-lab compare: cannot write: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** The parsed command line. */
    record Request(Path scene, List<String> mitigations, boolean mitigationsGiven, List<LogPreset> presets, Long seed,
                   boolean json, Path png, Path markdown, Integer step, boolean dark) {

        static Request parse(String[] args) throws UsageException {
            Path scene = null;
            List<String> mitigations = Mitigations.ids();
            boolean mitigationsGiven = false;
            List<LogPreset> presets = null;
            Long seed = null;
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
                        mitigationsGiven = true;
                        break;
                    case "--presets":
                        presets = presets(value(args, ++i, arg));
                        break;
                    case "--seed":
                        seed = seed(value(args, ++i, arg));
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
                            throw new UsageException("unknown option " + arg + "; expected --mitigations, --presets, "
                                    + "--seed, --json, --png, --markdown, --step or --theme");
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
            return new Request(scene, mitigations, mitigationsGiven, presets, seed, json, png, markdown, step, dark);
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

        private static List<LogPreset> presets(String list) throws UsageException {
            List<LogPreset> presets = new ArrayList<>();
            for (String part : list.split(",", -1)) {
                LogPreset preset = LogPreset.byId(part.trim());
                if (preset == null) {
                    throw new UsageException("unknown preset '" + part.trim() + "'; expected one of "
                            + String.join(", ", LogPreset.ids()));
                }
                if (presets.contains(preset)) {
                    throw new UsageException("preset '" + part.trim() + "' is listed twice");
                }
                presets.add(preset);
            }
            return presets;
        }

        private static Long seed(String text) throws UsageException {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new UsageException("--seed expects a whole number, found '" + text + "'");
            }
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
