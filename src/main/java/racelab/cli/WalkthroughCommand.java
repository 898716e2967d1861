package racelab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import racelab.scenario.SceneFormatException;
import racelab.walkthrough.Answer;
import racelab.walkthrough.AnswerKey;
import racelab.walkthrough.ChallengeKey;
import racelab.walkthrough.Stop;
import racelab.walkthrough.StopResult;
import racelab.walkthrough.StopRunner;
import racelab.walkthrough.Walkthrough;
import racelab.walkthrough.WalkthroughCheck;
import racelab.walkthrough.WalkthroughLoader;

/**
 * {@code walkthrough FILE --check | --answers}: validates a walkthrough and the scenes it names, or prints the
 * interviewer's answer key, every answer measured on the real engines.
 */
@Command(name = "walkthrough", description = "Check a walkthrough, or print its answer key measured on the real "
        + "engines.")
public final class WalkthroughCommand extends LabCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "A walkthrough file, or the id of one in "
            + "scenes/walkthroughs, such as q1-ledger-races.")
    String file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    /** Exactly one of the two. */
    static final class Mode {
        @Option(names = "--check", required = true, description = "Validate the walkthrough and run every stop.")
        boolean check;

        @Option(names = "--answers", required = true, description = "Print the interviewer's answer key.")
        boolean answers;
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        Walkthrough walkthrough;
        try {
            walkthrough = WalkthroughLoader.load(resolve(file), racelab.ui.shell.SceneFiles.defaultDirectory());
        } catch (SceneFormatException e) {
            err.println(e.getMessage());
            return 2;
        }
        return mode.check ? check(walkthrough, out, err) : answers(walkthrough, out, err);
    }

    /** A path, or the id of a walkthrough in {@code scenes/walkthroughs}. */
    private static Path resolve(String argument) throws UsageException {
        Path path = Path.of(argument);
        if (Files.isRegularFile(path)) {
            return path;
        }
        Path byId = racelab.ui.shell.SceneFiles.defaultDirectory().resolve("walkthroughs").resolve(argument + ".yaml");
        if (Files.isRegularFile(byId)) {
            return byId;
        }
        throw new UsageException("no walkthrough file '" + argument + "' and no walkthrough with that id in "
                + "scenes/walkthroughs");
    }

    private static int check(Walkthrough walkthrough, PrintWriter out, PrintWriter err) {
        List<String> problems = WalkthroughCheck.problems(walkthrough);
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            return 1;
        }
        out.printf("ok: %s (%d stops; interview path %d stops, %d of %d minutes; class %d minutes); every stop ran "
                        + "on the real engines, every prediction was measured, every challenge has a solution%n",
                walkthrough.file(), walkthrough.stops().size(), walkthrough.stops(Walkthrough.Track.INTERVIEW).size(),
                walkthrough.minutes(Walkthrough.Track.INTERVIEW), walkthrough.interviewMinutes(),
                walkthrough.minutes(Walkthrough.Track.CLASS));
        return 0;
    }

    private static int answers(Walkthrough walkthrough, PrintWriter out, PrintWriter err) {
        out.println("# Answer key: " + walkthrough.title());
        out.println("(every answer below was measured now, on H2 or the log simulator; none is written in "
                + walkthrough.file() + ")");
        int number = 0;
        for (Stop stop : walkthrough.stops()) {
            number++;
            out.println();
            out.printf("## %d. %s  [%s, %d min]%n", number, stop.title(), stop.interview() ? "interview + class"
                    : "class only", stop.minutes());
            out.println("scene: " + stop.sceneFile() + (stop.isLedger() ? ", mitigation " + stop.mitigation()
                    : ", seed " + stop.seed() + (stop.settings().isEmpty() ? "" : ", settings " + stop.settings())
                    + (stop.placesFault() ? ", its fault after event " + stop.faultAfter() + " of the step trace" : "")));
            try {
                StopResult result = StopRunner.run(stop);
                out.println("real run: " + result.outcomeLine());
                if (stop.prediction() != null) {
                    Answer answer = AnswerKey.answer(stop, stop.prediction(), result);
                    out.println("predict: " + stop.prediction().prompt());
                    out.println("answer: " + answer.value() + "   (" + answer.source() + ")");
                }
                if (stop.challenge() != null) {
                    ChallengeKey.Solution solution = ChallengeKey.solve(stop);
                    out.println("challenge: " + stop.challenge().prompt());
                    out.println("solution: " + (solution == null ? "none found" : solution.description()));
                }
            } catch (Exception | LinkageError e) {
                err.println(stop.location() + ": stop " + stop.id() + " does not run: " + e);
                return 1;
            }
            for (Stop.FollowUp followUp : stop.followUps()) {
                out.println("follow-up: " + followUp.question());
                out.println("  model answer: " + followUp.answer());
            }
        }
        return 0;
    }
}
