package racelab.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import racelab.logsim.config.SettingException;
import racelab.logsim.isolate.Isolator;
import racelab.logsim.scene.LogScene;

/** {@code isolate SCENE [--seeds A..B] [--set name=value ...] [--json]}: which single change removes the loss. */
@Command(name = "isolate", description = "Which single setting removes a log scene's loss, over many seeds.")
final class IsolateCommand extends LabCommand {

    @Mixin
    LogSceneArgs scene;

    @Option(names = "--seeds", paramLabel = "A..B", converter = SeedRange.Converter.class,
            description = "The seeds to sweep: A..B, or one seed (at most 100000).")
    SeedRange seeds = new SeedRange(1, 20);

    @Option(names = "--json", description = "Print one JSON document on stdout; no progress on stderr.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (seeds.count() > 100_000) {
            throw new UsageException("--seeds expects A..B with A <= B and at most 100000 seeds, found '" + seeds + "'");
        }
        long from = seeds.from();
        long to = seeds.to();
        Map<String, String> overrides = scene.overrides();
        LogScene loaded = scene.load();
        boolean quiet = json;
        Isolator.Report report;
        try {
            report = new Isolator().isolate(loaded, from, to, overrides, (done, total, what) -> {
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

    private static void print(PrintWriter out, Isolator.Outcome o) {
        String status = !o.applicable() ? "not applicable" : o.alreadySafe() ? "already safe"
                : o.runsWithLoss() + "/" + o.runs() + " runs wrong, lost " + o.lostEntries() + ", duplicated "
                + o.duplicateEntries() + (o.causes().isEmpty() ? "" : ", causes " + String.join(" ", o.causes()))
                + (o.removesLoss() ? "  <- removes it" : "");
        out.println(String.format("  %-70s %s", o.label(), status));
    }
}
