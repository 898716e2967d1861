package racelab.cli;

import java.io.PrintStream;
import java.util.Map;
import racelab.logsim.config.SettingException;
import racelab.logsim.isolate.Isolator;
import racelab.logsim.scene.LogScene;

/** {@code isolate SCENE [--seeds A..B] [--set name=value ...] [--json]}: which single change removes the loss. */
final class IsolateCommand implements Command {

    @Override
    public String summary() {
        return "which single setting removes a log scene's loss, over many seeds (--seeds 1..200, --json)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        LogSceneArgs.Parsed parsed = LogSceneArgs.parse(args, java.util.Set.of(), java.util.Set.of("--seeds"),
                "usage: isolate SCENE [--seeds A..B] [--set name=value ...] [--json]");
        if (parsed.seed() != null) {
            throw new UsageException("isolate sweeps seeds: use --seeds A..B instead of --seed");
        }
        long from = 1;
        long to = 20;
        String range = parsed.options().get("--seeds");
        if (range != null) {
            int dots = range.indexOf("..");
            if (dots < 0) {
                from = LogSceneArgs.number("--seeds", range);
                to = from;
            } else {
                from = LogSceneArgs.number("--seeds", range.substring(0, dots));
                to = LogSceneArgs.number("--seeds", range.substring(dots + 2));
            }
            if (to < from || to - from >= 100_000) {
                throw new UsageException("--seeds expects A..B with A <= B and at most 100000 seeds, found '" + range + "'");
            }
        }
        boolean json = parsed.json();
        Map<String, String> overrides = parsed.overrides();
        LogScene scene = LogSceneArgs.scene(parsed.scene());
        boolean quiet = json;
        Isolator.Report report;
        try {
            report = new Isolator().isolate(scene, from, to, overrides, (done, total, what) -> {
                if (!quiet && (done == total || done % 20 == 0)) {
                    err.println("  " + done + "/" + total + "  " + what);
                }
            }, () -> false);
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
        if (json) {
            out.println(LogCommand.toJson(report));
            return 0;
        }
        out.println("isolate " + report.scene() + " over seeds " + report.seedFrom() + ".." + report.seedTo());
        print(out, report.baseline());
        print(out, report.allSafe());
        for (Isolator.Outcome o : report.knobs()) {
            print(out, o);
        }
        out.println(report.removingKnobs().isEmpty()
                ? "no single change removes the loss" + (report.baseline().runsWithLoss() == 0 ? " (there is none)" : "")
                : "removed by a single change: " + String.join(", ", report.removingKnobs()));
        return 0;
    }

    private static void print(PrintStream out, Isolator.Outcome o) {
        String status = !o.applicable() ? "not applicable" : o.alreadySafe() ? "already safe"
                : o.runsWithLoss() + "/" + o.runs() + " runs wrong, lost " + o.lostEntries() + ", duplicated "
                + o.duplicateEntries() + (o.causes().isEmpty() ? "" : ", causes " + String.join(" ", o.causes()))
                + (o.removesLoss() ? "  <- removes it" : "");
        out.println(String.format("  %-70s %s", o.label(), status));
    }
}
