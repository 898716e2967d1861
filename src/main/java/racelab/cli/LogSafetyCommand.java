package racelab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.WrongAccount;
import racelab.logsim.safety.SafetyCampaign;

/**
 * {@code log-safety [--seeds A..B] [--set name=value ...] [--json]}: random fault schedules with every safety setting
 * on; reports runs, lost, duplicated and wrong accounts, and every failing seed with the command that replays it.
 */
@Command(name = "log-safety", description = {"Random fault schedules with every safety setting on: runs, lost, "
        + "duplicated and wrong accounts, and every failing seed with the command that replays it.",
    "Exits 1 when any run was wrong."})
final class LogSafetyCommand extends LabCommand {

    @Option(names = "--seeds", paramLabel = "A..B", converter = SeedRange.Converter.class,
            description = "The seeds to run: A..B, or one seed (at most 1000000).")
    SeedRange seeds = new SeedRange(1, 200);

    @Option(names = "--seed", paramLabel = "N", description = "Run this one seed (same as --seeds N).")
    Long seed;

    @Option(names = "--set", paramLabel = "NAME=VALUE", converter = LogSceneArgs.SettingAssignment.class,
            description = "Override one setting on top of the safe ones (Kafka's config names), repeatable.")
    List<Map.Entry<String, String>> settings = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON document on stdout; no progress on stderr.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        SeedRange range = seed != null && !spec.commandLine().getParseResult().hasMatchedOption("--seeds")
                ? new SeedRange(seed, seed) : seeds;
        if (range.count() > 1_000_000) {
            throw new UsageException("--seeds expects A..B with A <= B and at most 1000000 seeds, found '" + range + "'");
        }
        long from = range.from();
        long to = range.to();
        Map<String, String> overrides = new LinkedHashMap<>();
        settings.forEach(entry -> overrides.put(entry.getKey(), entry.getValue()));
        long total = to - from + 1;
        SafetyCampaign.Report report;
        try {
            report = SafetyCampaign.run(from, to, overrides, (done, all, wrong) -> {
                if (!json && all >= 100 && (done % 500 == 0 || done == all)) {
                    err.println("  " + done + "/" + all + " runs, " + wrong + " wrong");
                }
            }, () -> false);
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
        if (json) {
            out.println(LogCommand.toJson(report));
            return report.clean() ? 0 : 1;
        }
        // With overrides the safety settings may no longer all be on (fsync or ELR off): say so rather than claim it.
        out.println("log-safety seeds " + from + ".." + to + (overrides.isEmpty() ? ", every safety setting on"
                : ", the safety settings with these overrides " + overrides) + ", adversarial schedules (up to "
                + racelab.logsim.safety.FaultSchedules.FAULTS_MAX + " overlapping faults, 0-"
                + racelab.logsim.safety.FaultSchedules.JITTER_MAX_MS + " ms jitter per link)");
        out.println("runs " + report.runs() + ", wrong runs " + report.runsWrong() + ", lost entries " + report.lost()
                + ", duplicated entries " + report.duplicated() + ", wrong accounts " + report.wrongAccounts()
                + ", duplicate ids in applied topic " + report.appliedDuplicates() + ", unprocessed " + report.unprocessed()
                + ", errors " + report.errors() + ", unexplained runs " + report.unexplainedRuns());
        out.println("causes " + (report.causes().isEmpty() ? "none" : report.causes()));
        out.println(String.format(java.util.Locale.ROOT, "time %.1f s wall (%.1f ms per run), %.1f s CPU (%.1f ms per run), "
                + "%d cores, load average %.2f at the start, %.2f at the end", report.elapsedMs() / 1000.0,
                report.runs() == 0 ? 0.0 : (double) report.elapsedMs() / report.runs(), report.cpuMs() / 1000.0,
                report.runs() == 0 ? 0.0 : (double) report.cpuMs() / report.runs(), report.cores(),
                report.loadAverageStart(), report.loadAverageEnd()));
        for (SafetyCampaign.Failure f : report.failures()) {
            out.println("  seed " + f.seed() + ": lost " + f.lost() + ", duplicated " + f.duplicated() + ", wrong accounts "
                    + f.wrongAccounts() + ", applied-topic duplicates " + f.appliedDuplicates() + ", unprocessed "
                    + f.unprocessed() + (f.conserved() ? "" : ", money NOT conserved") + ", causes " + f.causes()
                    + (f.error() == null ? "" : ", error " + f.error()));
            f.outputs().forEach(o -> out.println("      " + o));
            f.unexplained().forEach(u -> out.println("      UNEXPLAINED " + u));
            out.println("      settings " + f.settings());
            f.faults().forEach(fault -> out.println("      " + fault));
            out.println("      replay: " + f.replay());
        }
        if (report.failures().size() < report.runsWrong()) {
            out.println("  ... " + (report.runsWrong() - report.failures().size()) + " more failing seeds not listed");
        }
        if (total == 1 && report.runsWrong() == 1 && report.errors() == 0) {
            try {
                printDetail(SafetyCampaign.runOne(from, overrides), out);
            } catch (SettingException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return report.clean() ? 0 : 1;
    }

    private static void printDetail(LogRunResult r, PrintWriter out) {
        for (WrongAccount w : r.wrongAccounts()) {
            out.println("  " + w.account() + ": expected " + w.expected() + ", actual " + w.actual() + "  causes "
                    + String.join(" ", w.causes()));
            int shown = 0;
            for (EntryIssue issue : w.issues()) {
                if (shown++ == 8) {
                    out.println("      ... " + (w.issues().size() - 8) + " more");
                    break;
                }
                out.println("      " + issue.kind() + " " + issue.entry() + " [" + issue.mode() + "] " + issue.where());
            }
        }
        out.println("timeline:");
        r.trace().stream().filter(e -> !e.kind().equals("retry") && !e.kind().equals("checkpoint"))
                .limit(80).forEach(e -> out.println(String.format("  %8d ms  %s", e.timeMs(), e.text())));
    }
}
