package racelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import racelab.fuzz.FuzzCampaign;
import racelab.fuzz.FuzzReport;

/**
 * {@code fuzz [--mutants N] [--seed S] [--run] [--scenes DIR] [--keep-rejected N --out DIR]}: a campaign of seeded
 * mutants of every scene, printed as the class table of issue 12 with the time it took. Exit 0 when nothing but
 * acceptances, located rejections and run outcomes was seen, 1 otherwise.
 */
final class FuzzCommand implements Command {

    private static final String USAGE = "usage: fuzz [--mutants N] [--seed S] [--run] [--scenes DIR] "
            + "[--keep-rejected N --out DIR]";

    @Override
    public String summary() {
        return "load seeded mutants of every scene (and run accepted ones with --run); print the class table";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        long mutants = 10_000;
        long seed = 1;
        boolean run = false;
        Path scenes = Path.of("scenes");
        long keep = 0;
        Path keepDirectory = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mutants" -> mutants = LogSceneArgs.number("--mutants", LogSceneArgs.next(args, i++, "--mutants"));
                case "--seed" -> seed = LogSceneArgs.number("--seed", LogSceneArgs.next(args, i++, "--seed"));
                case "--run" -> run = true;
                case "--scenes" -> scenes = Path.of(LogSceneArgs.next(args, i++, "--scenes"));
                case "--keep-rejected" -> keep = LogSceneArgs.number("--keep-rejected",
                        LogSceneArgs.next(args, i++, "--keep-rejected"));
                case "--out" -> keepDirectory = Path.of(LogSceneArgs.next(args, i++, "--out"));
                default -> throw new UsageException("unexpected argument '" + args[i] + "'; " + USAGE);
            }
        }
        if (mutants < 1 || mutants > 1_000_000) {
            throw new UsageException("--mutants expects between 1 and 1000000, found " + mutants);
        }
        if (keep < 0 || keep > mutants || (keep > 0) != (keepDirectory != null)) {
            throw new UsageException("--keep-rejected N and --out DIR go together, with N between 0 and --mutants");
        }
        if (!Files.isDirectory(scenes)) {
            throw new UsageException("no scene folder '" + scenes + "'");
        }
        Path work = null;
        try {
            work = keepDirectory != null ? Files.createDirectories(keepDirectory) : Files.createTempDirectory("racelab-fuzz");
            FuzzCampaign campaign = new FuzzCampaign(FuzzCampaign.sourcesIn(scenes));
            FuzzReport report = campaign.run(FuzzCampaign.Options.of((int) mutants, seed, run).keeping((int) keep), work,
                    line -> err.println("fuzz: " + line));
            out.print(report.toMarkdown());
            if (keep > 0) {
                writeCommands(report, keepDirectory);
                out.println("kept " + report.rejectedKept().size() + " rejected mutants in " + keepDirectory
                        + " (commands.txt: the command that loads each)");
            }
            return report.findings().isEmpty() ? 0 : 1;
        } catch (IOException e) {
            err.println("ledger-lab fuzz: cannot write mutants: " + e.getMessage());
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
