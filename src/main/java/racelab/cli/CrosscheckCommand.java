package racelab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import racelab.crosscheck.CancelledException;
import racelab.crosscheck.CrossCheck;
import racelab.crosscheck.CrossCheckException;
import racelab.crosscheck.CrossCheckReport;
import racelab.crosscheck.Crosscheckability;
import racelab.crosscheck.KafkaRuntime;
import racelab.crosscheck.RealRunResult;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.LogScene;

/**
 * {@code crosscheck SCENE [--runs N] [--fixed] [--seed N] [--set k=v] [--json]}: the simulator's result beside N runs
 * of the same scene on a real Kafka broker with a real Kafka Streams ledger and real process faults.
 * {@code crosscheck --list} says for every log scene whether it can be cross-checked, and why not.
 */
@Command(name = "crosscheck", description = {"Run a log scene on real Kafka " + KafkaRuntime.VERSION + " (broker and "
        + "Kafka Streams ledger in child JVMs; kill -9, SIGSTOP/SIGCONT, broker kill) beside the simulator: lost, "
        + "applied twice, wrong accounts, modes, agreement and the spread over N runs.",
    "Only 127.0.0.1 is used; every process is stopped and its directory removed at the end, on failure and on Ctrl+C."})
final class CrosscheckCommand extends LabCommand {

    static final int MAX_RUNS = 50;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENE", description = "A log scene file, or the id of a "
            + "scene in ./scenes, such as f1-alos-double-apply.")
    String scene;

    @Option(names = "--list", description = "Say for every log scene in ./scenes whether it can be cross-checked, "
            + "and why not.")
    boolean list;

    @Option(names = "--runs", paramLabel = "N", description = "Real runs (1.." + MAX_RUNS + ").")
    int runs = 3;

    @Option(names = "--seed", paramLabel = "N", description = "The seed (default: the scene's own).")
    Long seed;

    @Option(names = "--fixed", description = "Run with the scene's one named fix applied (before any --set).")
    boolean fixed;

    @Option(names = "--set", paramLabel = "NAME=VALUE", converter = LogSceneArgs.SettingAssignment.class,
            description = "Override one setting of the scene (Kafka's config names), repeatable.")
    List<Map.Entry<String, String>> settings = new ArrayList<>();

    @Option(names = "--time-scale", paramLabel = "X", description = "Run X times faster than the scene (default 0: as "
            + "fast as session.timeout.ms allows, which puts it on the broker's 6 s minimum).")
    double timeScale;

    @Option(names = "--json", description = "Print one JSON document on stdout (progress goes to stderr).")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (list) {
            return list(out);
        }
        if (scene == null) {
            throw new UsageException("a SCENE is required (or --list)");
        }
        if (timeScale < 0 || timeScale > 1000) {
            throw new UsageException("--time-scale expects 0..1000, found " + timeScale);
        }
        if (runs < 1 || runs > MAX_RUNS) {
            throw new UsageException("--runs expects 1.." + MAX_RUNS + ", found " + runs);
        }
        LogScene loaded = LogSceneArgs.scene(scene);
        Map<String, String> overrides = new LinkedHashMap<>();
        if (fixed) {
            overrides.putAll(loaded.fix());
        }
        settings.forEach(e -> overrides.put(e.getKey(), e.getValue()));
        long seedValue = seed == null ? loaded.seed() : seed;
        try {
            Crosscheckability verdict = Crosscheckability.of(loaded, LogSimulation.settingsFor(loaded, overrides));
            if (!verdict.checkable()) {
                throw new UsageException(loaded.id() + " is simulated only: " + verdict.reason());
            }
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
        CrossCheckReport report;
        PrintWriter progress = json ? err : out;
        try {
            try (racelab.crosscheck.ClusterPool pool = new racelab.crosscheck.ClusterPool(KafkaRuntime.locate())) {
                report = CrossCheck.run(loaded, seedValue, overrides, runs, timeScale, () -> false, m -> {
                    progress.println("  " + m);
                    progress.flush();
                }, pool);
            }
        } catch (CancelledException e) {
            err.println("ledger-lab crosscheck: cancelled");
            return 1;
        } catch (CrossCheckException e) {
            err.println("ledger-lab crosscheck: " + e.getMessage());
            return 1;
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
        if (json) {
            out.println(LogCommand.toJson(report));
        } else {
            print(report, out);
        }
        return 0;
    }

    private static int list(PrintWriter out) {
        for (String id : LogSceneArgs.knownIds()) {
            try {
                LogScene s = LogSceneArgs.scene(id);
                Crosscheckability v = Crosscheckability.of(s, LogSimulation.settingsFor(s, Map.of()));
                out.printf("%-36s %s%n", id, (v.checkable() ? "cross-checkable: " : "simulated only: ") + v.reason());
                if (!v.limit().isEmpty()) {
                    out.printf("%-36s limit: %s%n", "", v.limit());
                }
                out.printf("%-36s %s%n", "", v.statedAt().isEmpty() ? "(the scene states nothing: the runner's rules)"
                        : "(stated at " + v.statedAt() + ")");
            } catch (UsageException | SettingException e) {
                out.printf("%-36s cannot load: %s%n", id, e.getMessage());
            }
        }
        return 0;
    }

    static void print(CrossCheckReport r, PrintWriter out) {
        out.println(r.scene() + ": " + r.title());
        out.println("seed " + r.seed() + ", settings " + r.settings());
        out.printf("real: %d run(s) on Kafka %s, time compressed %.1fx; %s%n", r.runs(), KafkaRuntime.VERSION,
                r.timeScale(), r.howReal());
        out.printf("%-26s %10s   %-34s %s%n", "", "simulator", "real min / median / max (runs with it)", "agree");
        for (CrossCheckReport.Measure m : r.measures()) {
            out.printf("%-26s %10d   %5d / %5d / %5d (%d of %d)          %s%n", m.name(), m.simulated(), m.realMin(),
                    m.realMedian(), m.realMax(), m.realRunsWithIt(), r.runs(), m.agrees() ? "yes" : "NO");
        }
        out.println("modes: simulator " + r.simulatedModes() + ", real " + r.realModes());
        for (RealRunResult run : r.realRuns()) {
            out.printf("  run %d: lost %d, applied twice %d, wrong accounts %d, modes %s, %d ms%n", run.run(),
                    run.lostEntries().size(), run.duplicateEntries().size(), run.wrongAccounts().size(), run.causes(),
                    run.wallMs());
            run.notes().forEach(n -> out.println("         " + n));
        }
        out.printf("broker ready in %d ms, broker RSS %d MiB (medians), real run %d ms (median)%n",
                r.brokerStartMsMedian(), r.brokerRssKbMedian() / 1024, r.realWallMsMedian());
        if (!r.limit().isEmpty()) {
            out.println("limit (stated by the scene" + (r.statedAt().isEmpty() ? "" : " at " + r.statedAt()) + "): "
                    + r.limit());
        }
        out.println(r.agrees() ? "AGREE: the simulator and real Kafka show the same symptoms"
                : "DISAGREE: " + String.join("; ", r.disagreements()));
    }
}
