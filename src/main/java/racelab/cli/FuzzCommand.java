package racelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import racelab.fuzz.FuzzCampaign;
import racelab.fuzz.FuzzReport;

/**
 * {@code fuzz [--mutants N] [--seed S] [--run] [--scenes DIR] [--keep-rejected N --out DIR]}: a campaign of seeded
 * mutants of every scene, printed as the class table of issue 12 with the time it took. Exit 0 when nothing but
 * acceptances, located rejections and run outcomes was seen, 1 otherwise.
 */
@Command(name = "fuzz", description = "Load seeded mutants of every scene (run the accepted ones with --run) and "
        + "print how each was classified; exit 1 if any was not accepted, rejected at its place or run to an outcome.")
final class FuzzCommand extends LabCommand {

    @Option(names = "--mutants", paramLabel = "N", description = "Mutants to load (1..1000000).")
    long mutants = 10_000;

    @Option(names = "--seed", paramLabel = "S", description = "Campaign seed: the same seed makes the same mutants.")
    long seed = 1;

    @Option(names = "--run", description = "Run every accepted mutant: ledger scenes on H2, log scenes in the simulator.")
    boolean run;

    @Option(names = "--scenes", paramLabel = "DIR", description = "Folder of scenes to mutate.")
    Path scenes = Path.of("scenes");

    @Option(names = "--keep-rejected", paramLabel = "N",
            description = "Keep the first N rejected mutants in --out, with commands.txt naming the command for each.")
    long keep;

    @Option(names = "--out", paramLabel = "DIR", description = "Where --keep-rejected writes the mutants.")
    Path keepDirectory;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (mutants < 1 || mutants > 1_000_000) {
            throw new UsageException("--mutants expects between 1 and 1000000, found " + mutants);
        }
        if (keep < 0 || keep > mutants || (keep > 0) != (keepDirectory != null)) {
            throw new UsageException("--keep-rejected N and --out DIR go together, with N between 1 and --mutants");
        }
        if (!Files.isDirectory(scenes)) {
            throw new UsageException("no scene folder '" + scenes + "'");
        }
        Path work = null;
        try {
            work = keepDirectory != null ? Files.createDirectories(keepDirectory) : Files.createTempDirectory("racelab-fuzz");
            FuzzCampaign campaign = new FuzzCampaign(FuzzCampaign.sourcesIn(scenes));
            FuzzReport report = campaign.run(FuzzCampaign.Options.of((int) mutants, seed, run).keeping((int) keep), work,
                    line -> {
                        err.println("fuzz: " + line);
                        err.flush();
                    });
            out.print(report.toMarkdown());
            if (keep > 0) {
                writeCommands(report, keepDirectory);
                out.println("kept " + report.rejectedKept().size() + " rejected mutants in " + keepDirectory
                        + " (commands.txt: the command that loads each)");
            }
            return report.findings().isEmpty() ? 0 : 1;
        } catch (IOException e) {
            err.println("fuzz: cannot write mutants: " + e.getMessage());
            return 1;
        } finally {
            if (keepDirectory == null && work != null) {
                deleteQuietly(work);
            }
        }
    }

    /** One line per kept mutant: the command that loads it (run for ledger scenes, log for log scenes), then the file. */
    private static void writeCommands(FuzzReport report, Path directory) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<Path, Boolean> kept : report.rejectedKept().entrySet()) {
            lines.append(kept.getValue() ? "log" : "run").append(' ').append(kept.getKey()).append('\n');
        }
        Files.writeString(directory.resolve("commands.txt"), lines);
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // A temporary folder that cannot be removed is left to the OS; the campaign's result stands.
        }
    }
}
