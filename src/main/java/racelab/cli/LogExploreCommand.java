package racelab.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.trace.FaultSweep;

/**
 * {@code log-explore SCENE [--fault KIND:TARGETS] [--fixed] [--json]}: the scene's fault (or another) at every
 * position of its step trace, with each position's verdict and the earliest and shortest failing positions.
 */
@Command(name = "log-explore", description = "Run a small log scene's fault after every event of its step trace "
        + "and report, per position, what was lost, duplicated or correct.")
final class LogExploreCommand extends LabCommand {

    /** Larger traces are refused: the sweep is one full run per position. */
    static final int POSITIONS_MAX = 2_000;

    @Mixin
    LogSceneArgs sceneArgs;

    @Option(names = "--seed", paramLabel = "N", description = "The seed of the runs (default: the scene's own).")
    Long seed;

    @Option(names = "--fixed", description = "Sweep with the scene's named fix applied (before any --set): every "
            + "position should be correct.")
    boolean fixed;

    @Option(names = "--fault", paramLabel = "KIND:TARGETS", description = "Sweep this fault instead of the scene's "
            + "own (its last, or the one it places by position), e.g. power-cut:broker-1,app-1 or kill:app-1.")
    String fault;

    @Option(names = "--threads", paramLabel = "N", description = "Runs at once (default: the number of cores); the "
            + "result does not depend on it.")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        LogScene scene = sceneArgs.load();
        FaultPlacementArgs named = new FaultPlacementArgs();
        named.fault = fault;
        Fault swept = named.fault(scene);
        if (swept == null) {
            throw new UsageException("scene " + scene.id() + " has no fault to sweep; name one with --fault KIND:TARGETS");
        }
        Fault own = FaultSweep.defaultFault(scene);
        LogScene base = fault == null ? scene : FaultSweep.without(scene, own);
        if (threads != null && threads < 1) {
            throw new UsageException("--threads: expected 1 or more, found " + threads);
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (fixed) {
            all.putAll(scene.fix());
        }
        all.putAll(sceneArgs.overrides());
        FaultSweep.Result result;
        try {
            result = FaultSweep.sweep(base, seed == null ? scene.seed() : seed, all, swept,
                    threads == null ? Runtime.getRuntime().availableProcessors() : threads, () -> false, POSITIONS_MAX);
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        } catch (RuntimeException e) {
            err.println("ledger-lab log-explore: the simulation failed: " + e);
            return 1;
        }
        if (json) {
            out.println(LogCommand.toJson(result));
        } else {
            printText(result, scene, out);
        }
        return 0;
    }

    private void printText(FaultSweep.Result r, LogScene scene, PrintWriter out) {
        out.println("scene " + r.scene() + "  seed " + r.seed() + "  settings " + r.settings());
        out.println("fault " + r.fault() + " after every event of the fault-free trace (" + r.traceEvents() + " events, "
                + r.positions().size() + " positions)");
        for (FaultSweep.Position p : r.positions()) {
            out.println(String.format("  after %4d  %7d ms  %-15s%s%s  %s", p.afterEvent(), p.timeMs(), p.verdict(),
                    p.lost().isEmpty() ? "" : " lost " + entries(p.lost()),
                    p.duplicated().isEmpty() ? "" : " duplicated " + entries(p.duplicated()), p.event()));
        }
        String replay = "ledger-lab log " + r.scene() + (fixed ? " --fixed" : "") + (fault == null ? "" : " --fault " + fault)
                + (seed == null ? "" : " --seed " + seed) + " --after ";
        if (r.allCorrect()) {
            out.println("every position correct" + (fixed ? ": the fix " + scene.fix() + " holds at every position" : ""));
            return;
        }
        FaultSweep.Position earliest = r.at(r.earliestFailing());
        FaultSweep.Position shortest = r.at(r.shortestFailing());
        out.println(r.failing() + " of " + r.positions().size() + " positions fail");
        out.println("earliest failing: after event " + earliest.afterEvent() + " (" + earliest.verdict() + "); replay: "
                + replay + earliest.afterEvent() + " --steps");
        out.println("shortest failing: after event " + shortest.afterEvent() + " (" + shortest.verdict() + ", "
                + shortest.runEvents() + " events in its run); replay: " + replay + shortest.afterEvent() + " --steps");
        long unexplained = r.positions().stream().filter(p -> p.unexplained() > 0).count();
        if (unexplained > 0) {
            out.println("UNEXPLAINED at " + unexplained + " positions: the runs' own audit finds differences no mechanism "
                    + "explains (a simulator or audit bug; replay one with the command above and report it)");
        }
        if (fixed) {
            out.println("FINDING: the scene's fix " + scene.fix() + " does not hold at every position");
        }
    }

    private static String entries(List<Integer> ids) {
        StringBuilder b = new StringBuilder();
        ids.forEach(id -> b.append(b.length() == 0 ? "e" : ",e").append(id));
        return b.toString();
    }
}
