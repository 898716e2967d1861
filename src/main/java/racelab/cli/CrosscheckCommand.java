package racelab.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import racelab.crosscheck.CancelledException;
import racelab.crosscheck.CrossCheck;
import racelab.crosscheck.CrossCheckException;
import racelab.crosscheck.CrossCheckReport;
import racelab.crosscheck.Crosscheckability;
import racelab.crosscheck.RealRunResult;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.LogScene;

/**
 * {@code crosscheck SCENE [--runs N] [--fixed] [--seed N] [--set k=v] [--json]}: the simulator's result beside N runs
 * of the same scene on a real Kafka broker with a real Kafka Streams ledger and real process faults.
 * {@code crosscheck --list} says for every log scene whether it can be cross-checked, and why not.
 */
final class CrosscheckCommand implements Command {

    static final int MAX_RUNS = 50;

    @Override
    public String summary() {
        return "run a log scene on real Kafka (child JVMs, kill -9, SIGSTOP) beside the simulator (--runs N, --fixed, "
                + "--json; --list)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        if (args.length == 1 && args[0].equals("--list")) {
            return list(out);
        }
        LogSceneArgs.Parsed parsed = LogSceneArgs.parse(args, Set.of("--fixed"), Set.of("--runs"),
                "usage: crosscheck SCENE [--runs N] [--fixed] [--seed N] [--set name=value ...] [--json] | crosscheck --list");
        int runs = 3;
        if (parsed.options().containsKey("--runs")) {
            long n = LogSceneArgs.number("--runs", parsed.options().get("--runs"));
            if (n < 1 || n > MAX_RUNS) {
                throw new UsageException("--runs expects 1.." + MAX_RUNS + ", found " + n);
            }
            runs = (int) n;
        }
        LogScene scene = LogSceneArgs.scene(parsed.scene());
        Map<String, String> overrides = new LinkedHashMap<>();
        if (parsed.flags().contains("--fixed")) {
            overrides.putAll(scene.fix());
        }
        overrides.putAll(parsed.overrides());
        long seed = parsed.seed() == null ? scene.seed() : parsed.seed();
        try {
            Crosscheckability verdict = Crosscheckability.of(scene, LogSimulation.settingsFor(scene, overrides));
            if (!verdict.checkable()) {
                throw new UsageException(scene.id() + " is simulated only: " + verdict.reason());
            }
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
        CrossCheckReport report;
        try {
            PrintStream progress = parsed.json() ? err : out;
            report = CrossCheck.run(scene, seed, overrides, runs, () -> false, m -> progress.println("  " + m));
        } catch (CancelledException e) {
            err.println("ledger-lab crosscheck: cancelled");
            return 1;
        } catch (CrossCheckException e) {
            err.println("ledger-lab crosscheck: " + e.getMessage());
            return 1;
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
        if (parsed.json()) {
            out.println(LogCommand.toJson(report));
        } else {
            print(report, out);
        }
        return 0;
    }

    private static int list(PrintStream out) {
        for (String id : LogSceneArgs.knownIds()) {
            try {
                LogScene scene = LogSceneArgs.scene(id);
                Crosscheckability v = Crosscheckability.of(scene, LogSimulation.settingsFor(scene, Map.of()));
                out.printf("%-36s %s%n", id, v.checkable() ? "cross-checkable: " + v.reason() : "simulated only: " + v.reason());
            } catch (UsageException | SettingException e) {
                out.printf("%-36s cannot load: %s%n", id, e.getMessage());
            }
        }
        return 0;
    }

    static void print(CrossCheckReport r, PrintStream out) {
        out.println(r.scene() + ": " + r.title());
        out.println("seed " + r.seed() + ", settings " + r.settings());
        out.printf("real: %d run(s) on Kafka %s, time compressed %.1fx; %s%n", r.runs(),
                racelab.crosscheck.KafkaRuntime.VERSION, r.timeScale(), r.howReal());
        out.printf("%-26s %10s   %-22s %s%n", "", "simulator", "real min / median / max", "agree");
        for (CrossCheckReport.Measure m : r.measures()) {
            out.printf("%-26s %10d   %5d / %5d / %5d (%d/%d runs)   %s%n", m.name(), m.simulated(), m.realMin(),
                    m.realMedian(), m.realMax(), m.realRunsWithIt(), r.runs(), m.agrees() ? "yes" : "NO");
        }
        out.println("modes: simulator " + r.simulatedModes() + ", real " + r.realModes());
        for (RealRunResult run : r.realRuns()) {
            out.printf("  run %d: lost %d, twice %d, wrong accounts %d, modes %s, %d ms%n", run.run(),
                    run.lostEntries().size(), run.duplicateEntries().size(), run.wrongAccounts().size(), run.causes(),
                    run.wallMs());
            run.notes().forEach(n -> out.println("         " + n));
        }
        out.printf("broker ready in %d ms (median), broker RSS %d MiB (median), real run %d ms (median)%n",
                r.brokerStartMsMedian(), r.brokerRssKbMedian() / 1024, r.realWallMsMedian());
        out.println(r.agrees() ? "AGREE: the simulator and real Kafka show the same symptoms"
                : "DISAGREE: " + String.join("; ", r.disagreements()));
    }
}
