package racelab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.OutputAudit;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.TraceEvent;
import racelab.logsim.result.WrongAccount;
import racelab.logsim.scene.LogScene;
import racelab.logsim.trace.StepEvent;
import racelab.logsim.trace.StepOptions;
import racelab.logsim.trace.StepTrace;
import racelab.logsim.trace.SteppedRun;

/**
 * {@code log SCENE [--seed N] [--set name=value ...] [--fixed] [--fault KIND:TARGETS] [--after N] [--steps] [--json]}:
 * one run of a log scene, optionally with its fault placed after an event of the step trace, and that trace printed.
 */
@Command(name = "log", description = "Run a log scene: power cut, restore, wrong balances explained.")
final class LogCommand extends LabCommand {

    @Mixin
    LogSceneArgs sceneArgs;

    @Option(names = "--seed", paramLabel = "N", description = "The seed of the run (default: the scene's own).")
    Long seed;

    @Option(names = "--fixed", description = "Run with the scene's one named fix applied (before any --set).")
    boolean fixed;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Mixin
    FaultPlacementArgs placement;

    @Option(names = "--steps", description = "Also print the record-level step trace (numbered events; with --json, "
            + "the document is {result, trace}).")
    boolean steps;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        Map<String, String> overrides = sceneArgs.overrides();
        LogScene scene = placement.apply(sceneArgs.load());
        Map<String, String> all = new LinkedHashMap<>();
        if (fixed) {
            all.putAll(scene.fix());
        }
        all.putAll(overrides);
        LogRunResult result;
        SteppedRun stepped = null;
        try {
            long runSeed = seed == null ? scene.seed() : seed;
            if (steps) {
                stepped = LogSimulation.runStepped(scene, runSeed, all, () -> false, StepOptions.ALL);
                result = stepped.result();
            } else {
                result = LogSimulation.run(scene, runSeed, all);
            }
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        } catch (RuntimeException e) {
            err.println("ledger-lab log: the simulation failed: " + e);
            return 1;
        }
        if (json) {
            out.println(toJson(stepped != null ? stepped : result));
        } else {
            if (stepped != null) {
                printSteps(stepped.trace(), out);
            }
            printText(result, scene, out);
        }
        return 0;
    }

    static String toJson(Object value) {
        try {
            return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** One line per event: number, time, lane, kind, entries, text; "~" marks events a fault cannot fall after. */
    static void printSteps(StepTrace trace, PrintWriter out) {
        out.println("step trace: " + trace.counted() + " events (a fault can go after event 0 or after any event not "
                + "marked ~, which shares its simulator step with the next)");
        for (StepEvent e : trace.events()) {
            StringBuilder entries = new StringBuilder();
            e.entries().forEach(id -> entries.append(entries.length() == 0 ? "e" : " e").append(id));
            out.println(String.format("  %4d%s %7d ms  %-10s %-18s %-12s %s", e.number(), e.boundary() ? " " : "~",
                    e.timeMs(), e.lane(), e.kind().label(), entries, e.text()));
        }
    }

    private static void printText(LogRunResult r, LogScene scene, PrintWriter out) {
        out.println("scene " + r.scene() + "  seed " + r.seed() + "  settings " + r.settings());
        out.println(r.title());
        out.println("entries " + r.entries() + ", accounts " + r.accounts() + ", simulated " + r.simulatedMs() + " ms, "
                + r.events() + " events");
        if (!r.settled()) {
            out.println("NOT SETTLED: the simulation " + r.budget());
        }
        out.println("wrong accounts " + r.wrongAccounts().size() + ", lost entries " + r.lostEntries().size()
                + ", duplicated entries " + r.duplicateEntries().size() + ", wrongly decided " + r.wronglyDecided().size()
                + ", applied exactly once " + r.appliedExactlyOnce() + "/" + r.entries());
        out.println("correct " + (r.correct() ? "yes: nothing lost, duplicated or wrongly decided in any output"
                : "NO (" + racelab.logsim.result.LogVerdict.of(r).headline() + ")") + ", causes " + (r.causes().isEmpty() ? "none" : String.join(" ", r.causes()))
                + (r.unprocessedEntries() > 0 ? ", unprocessed entries " + r.unprocessedEntries() : ""));
        for (OutputAudit audit : r.outputs()) {
            out.println(String.format("  %-9s %s", audit.output(), !audit.available() ? "not readable at the end"
                    : "lost " + audit.lost().size() + ", duplicated " + audit.duplicated().size() + ", wrongly decided "
                    + audit.wronglyDecided().size() + (audit.output().equals(OutputAudit.APPLIED) ? ""
                    : ", wrong accounts " + audit.wrongAccounts())
                    + (audit.causes().isEmpty() ? "" : "  causes " + String.join(" ", audit.causes()))));
        }
        out.println("money conserved " + (r.conserved() ? "yes" : "NO") + " (expected total " + r.expectedTotal()
                + ", actual " + r.actualTotal() + "): " + LogRunResult.CONSERVED_MEANS);
        for (String u : r.unexplained()) {
            out.println("UNEXPLAINED (a simulator or audit bug; please report with the header above): " + u);
        }
        for (WrongAccount w : r.wrongAccounts()) {
            out.println("  " + w.account() + ": expected " + w.expected() + ", actual " + w.actual() + "  causes "
                    + String.join(" ", w.causes()));
            int shown = 0;
            for (EntryIssue issue : w.issues()) {
                if (shown++ == 8) {
                    out.println("      ... " + (w.issues().size() - 8) + " more");
                    break;
                }
                out.println("      " + issue.kind() + " " + issue.entry() + (issue.applications() > 1 ? " x" + issue.applications() : "")
                        + " [" + issue.mode() + "] " + issue.where());
            }
        }
        out.println("timeline:");
        int shown = 0;
        for (TraceEvent e : r.trace()) {
            if (e.kind().equals("retry") || e.kind().equals("checkpoint") || e.kind().equals("assign")) {
                continue;
            }
            if (shown++ == 40) {
                out.println("  ...");
                break;
            }
            out.println(String.format("  %8d ms  %s", e.timeMs(), e.text()));
        }
        if (!scene.fix().isEmpty()) {
            out.println("fix: " + scene.fix() + " (run again with --fixed)");
        }
    }
}
