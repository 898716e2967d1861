package racelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import racelab.compare.AtomicFiles;
import racelab.compare.BackendComparison;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.MitigationUnavailableException;
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
@Command(name = "compare", description = {"Every fix side by side: a ledger scene under several mitigations, or a "
        + "log scene under several settings presets; as a table, one JSON object, a PNG of the compare view and a "
        + "Markdown report."})
public final class CompareCommand extends LabCommand {

    @Parameters(index = "0", paramLabel = "SCENE", description = SceneArguments.DESCRIPTION)
    String scene;

    @Option(names = "--mitigations", split = ",", paramLabel = "ID", converter = MitigationChoice.class,
            completionCandidates = MitigationChoice.class,
            description = "Ledger scenes: the mitigations to compare (default: every one the database runs): "
                    + "${COMPLETION-CANDIDATES}.")
    List<String> mitigations;

    @Mixin
    BackendOptions database;

    @Option(names = "--backends", split = ",", paramLabel = "h2,postgres",
            description = "Ledger scenes: put one mitigation's run on several databases side by side (H2 vs "
                    + "PostgreSQL), with the differences explained.")
    List<BackendOptions.Backend> backends;

    @Option(names = "--mitigation", paramLabel = "ID", converter = MitigationChoice.class,
            completionCandidates = MitigationChoice.class,
            description = "With --backends: the mitigation to run on each database (default: the scene's own).")
    String mitigation;

    @Option(names = "--presets", split = ",", paramLabel = "PRESET", converter = PresetChoice.class,
            completionCandidates = PresetChoice.class,
            description = "Log scenes: the settings presets to compare (default: all): ${COMPLETION-CANDIDATES}.")
    List<LogPreset> presets;

    @Option(names = "--seed", paramLabel = "N", description = "Log scenes: the seed (default: the scene's own).")
    Long seed;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the table.")
    boolean json;

    @Option(names = "--png", paramLabel = "FILE.png", description = "Also render the compare view to this PNG.")
    Path png;

    @Option(names = "--markdown", paramLabel = "FILE.md",
            description = "Also write a Markdown report embedding the PNG (written next to it unless --png).")
    Path markdown;

    @Option(names = "--step", paramLabel = "N", description = "Ledger scenes: the replay position of the PNG "
            + "(0 = start; default: the end).")
    Integer step;

    @Option(names = "--theme", paramLabel = "light|dark", description = "Theme of the PNG: ${COMPLETION-CANDIDATES}.")
    Theme theme = Theme.light;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        Request request = request();
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
            throw new UsageException(e.getMessage(), e);
        }
        if (backends != null || mitigation != null) {
            return runOnBackends(scene, request, out);
        }
        if (request.step() != null && request.step() > scene.schedule().size()) {
            throw new UsageException("--step " + request.step() + " is past the end: the schedule has "
                    + scene.schedule().size() + " steps (use 0.." + scene.schedule().size() + ")");
        }
        Comparison comparison;
        DatabaseBackend backend = database.open();
        List<String> chosen = request.mitigationsGiven() ? request.mitigations() : Mitigations.idsOn(backend);
        try {
            comparison = Comparison.run(scene, chosen, scene.schedule(), backend);
        } catch (MitigationUnavailableException e) {
            throw new UsageException(e.getMessage(), e);
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

    /** {@code --backends h2,postgres --mitigation M}: one mitigation, several databases, differences explained. */
    private int runOnBackends(LedgerScene scene, Request request, PrintWriter out) throws UsageException {
        if (backends == null || backends.size() < 2) {
            throw new UsageException("--mitigation compares databases: give --backends h2,postgres (or use "
                    + "--mitigations to compare fixes on one database)");
        }
        if (new HashSet<>(backends).size() < backends.size()) {
            throw new UsageException("--backends lists a database twice");
        }
        if (request.mitigationsGiven() || request.png() != null || request.markdown() != null
                || request.step() != null) {
            throw new UsageException("--backends compares one --mitigation on several databases; --mitigations, "
                    + "--png, --markdown and --step are for comparing fixes on one database");
        }
        if (database.backend != null) {
            throw new UsageException("--backends and --backend exclude each other");
        }
        String chosen = mitigation == null ? scene.mitigation() : mitigation;
        List<DatabaseBackend> opened = new java.util.ArrayList<>();
        for (BackendOptions.Backend backend : backends) {
            opened.add(database.open(backend));
        }
        BackendComparison comparison;
        try {
            comparison = BackendComparison.run(scene, chosen, scene.schedule(), opened);
        } catch (MitigationUnavailableException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (SQLException e) {
            out.flush();
            spec.commandLine().getErr().println("ledger-lab compare: the database failed: SQLState "
                    + e.getSQLState() + ": " + e.getMessage());
            return 1;
        }
        out.print(request.json() ? CompareJson.write(comparison) + "\n" : comparison.table());
        return 0;
    }

    /** The parsed options, checked for repeats and ranges the converters cannot see alone. */
    private Request request() throws UsageException {
        if (mitigations != null && new HashSet<>(mitigations).size() < mitigations.size()) {
            throw new UsageException("--mitigations lists a mitigation twice: " + String.join(",", mitigations));
        }
        if (presets != null && new HashSet<>(presets).size() < presets.size()) {
            throw new UsageException("--presets lists a preset twice");
        }
        if (step != null && step < 0) {
            throw new UsageException("--step must be 0 (the start) or more, found " + step);
        }
        return new Request(Path.of(scene), mitigations == null ? Mitigations.ids() : mitigations, mitigations != null,
                presets, seed, json, png, markdown, step, theme.isDark());
    }

    private int runLog(Request request, PrintWriter out, PrintWriter err) throws UsageException {
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
    private static int export(Request request, PrintWriter err, PngWriter pngWriter,
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
    }

    /** A preset id of {@link LogPreset}; also the completion candidates. */
    public static final class PresetChoice implements ITypeConverter<LogPreset>, Iterable<String> {
        @Override
        public LogPreset convert(String id) {
            LogPreset preset = LogPreset.byId(id.trim());
            if (preset == null) {
                throw new TypeConversionException("unknown preset '" + id.trim() + "'; expected one of "
                        + String.join(", ", LogPreset.ids()));
            }
            return preset;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return LogPreset.ids().iterator();
        }
    }
}
