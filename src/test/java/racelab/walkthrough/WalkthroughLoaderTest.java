package racelab.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import racelab.scenario.SceneFormatException;

class WalkthroughLoaderTest {

    private static final Path SCENES = Path.of("scenes");

    @TempDir
    Path dir;

    private static String stop(String extra) {
        return "id: w\nkind: walkthrough\ntitle: T\nquestion: 1\nstops:\n"
                + "  - id: s1\n    title: S\n    scene: double-spend\n    interview: true\n    minutes: 5\n"
                + "    ask: A\n    reveal: R\n" + extra;
    }

    private Walkthrough parse(String text) throws SceneFormatException {
        return WalkthroughLoader.parse(dir.resolve("w.yaml"), text, SCENES);
    }

    private SceneFormatException error(String text) {
        try {
            parse(text);
        } catch (SceneFormatException e) {
            return e;
        }
        throw new AssertionError("expected a located error for:\n" + text);
    }

    @Test
    void bothShippedWalkthroughsLoadWithAnInterviewPathWithinTheirMinutes() throws Exception {
        for (String name : new String[] {"q1-ledger-races", "q2-lost-writes"}) {
            Walkthrough walkthrough = WalkthroughLoader.load(SCENES.resolve("walkthroughs/" + name + ".yaml"), SCENES);
            assertThat(walkthrough.stops(Walkthrough.Track.INTERVIEW)).isNotEmpty();
            assertThat(walkthrough.minutes(Walkthrough.Track.INTERVIEW)).isLessThanOrEqualTo(30);
            assertThat(walkthrough.minutes(Walkthrough.Track.CLASS))
                    .isGreaterThan(walkthrough.minutes(Walkthrough.Track.INTERVIEW));
            assertThat(walkthrough.stops()).anyMatch(s -> s.prediction() != null)
                    .anyMatch(s -> s.challenge() != null);
        }
    }

    @Test
    void aStopOverridesTheScenesMitigationScheduleAndKeys() throws Exception {
        Walkthrough walkthrough = parse(stop("    mitigation: for-update\n    idempotency-keys: true\n"
                + "    schedule: [T1.begin, T1.check, T1.apply, T1.commit, T2.begin, T2.check, T2.apply, T2.commit]\n"));
        Stop stop = walkthrough.stops().get(0);
        assertThat(stop.ledgerScene().mitigation()).isEqualTo("for-update");
        assertThat(stop.ledgerScene().idempotencyKeys()).isTrue();
        assertThat(stop.ledgerScene().schedule().get(3).toString()).isEqualTo("T1.commit");
        assertThat(stop.location()).isEqualTo(dir.resolve("w.yaml") + ":6:5");
    }

    @Test
    void everyRejectionIsLocatedAtTheOffendingNode() {
        assertThat(error(stop("    colour: red\n")).getMessage())
                .startsWith(dir.resolve("w.yaml") + ":13:5: unknown key 'colour' in a stop");
        assertThat(error(stop("    predict: { prompt: P, measure: balance:carol }\n")).getMessage())
                .contains(":13:36: expected balance:ACCOUNT with ACCOUNT one of alice, bob");
        assertThat(error(stop("    predict: { prompt: P, measure: lost-entries }\n")).getMessage())
                .contains(":13:36: measure 'lost-entries' applies to log scenes");
        assertThat(error(stop("    mitigation: optimism\n")).getMessage())
                .contains(":13:17: unknown mitigation 'optimism'");
        assertThat(error(stop("    seed: 3\n")).getMessage()).contains(":13:11: 'seed' applies to log scenes");
        assertThat(error(stop("    schedule: [T1.begin, T1.apply]\n")).getMessage()).contains(":13:26:");
        assertThat(error(stop("    challenge: { goal: lose-acked }\n")).getMessage())
                .contains(":13:24: unknown goal 'lose-acked' for a ledger scene; expected one of break-rule");
        assertThat(error(stop("    minutes: 5\n")).getMessage()).contains(":13:5: duplicate key 'minutes'");
        assertThat(error(stop("    predict: { prompt: P, measure: verdict, options: [safe] }\n")).getMessage())
                .contains(":13:54: expected at least two options");
        assertThat(error(stop("").replace("interview: true", "interview: false")).getMessage())
                .contains(":6:3: expected at least one stop with interview: true");
        assertThat(error(stop("").replace("scene: double-spend", "scene: no-such-scene")).getMessage())
                .contains(":8:12: no scene 'no-such-scene': looked for");
        assertThat(error(stop("").replace("question: 1", "question: 3")).getMessage())
                .contains(":4:11: expected question: 1");
        assertThat(error(stop("    hints: [a, b\n")).getMessage()).contains("invalid YAML");
    }

    @Test
    void logSettingsAreValidatedByTheSimulatorAndLocatedAtTheKey() {
        String log = stop("").replace("scene: double-spend", "scene: f9-power-cut-no-fsync");
        assertThat(error(log + "    settings: { acks: maybe }\n").getMessage()).contains(":13:23: setting 'acks'");
        assertThat(error(log + "    mitigation: naive\n").getMessage())
                .contains(":13:17: 'mitigation' applies to ledger scenes");
    }

    @Test
    void aTrainersOwnSceneIsFoundRelativeToTheWalkthroughAndItsErrorsKeepTheirOwnLocation() throws Exception {
        Files.createDirectories(dir.resolve("mine"));
        Files.writeString(dir.resolve("mine/race.yaml"), Files.readString(SCENES.resolve("double-spend.yaml"))
                .replace("id: double-spend", "id: my-race"));
        Walkthrough walkthrough = parse(stop("").replace("scene: double-spend", "scene: mine/race.yaml"));
        assertThat(walkthrough.stops().get(0).ledgerScene().id()).isEqualTo("my-race");

        Files.writeString(dir.resolve("mine/race.yaml"), "id: my-race\nkind: ledger\ntitle: x\naccounts: 3\n");
        SceneFormatException e = error(stop("").replace("scene: double-spend", "scene: mine/race.yaml"));
        assertThat(e.file()).endsWith("race.yaml");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("(scene of stop s1, ").contains("w.yaml:8:12)");
    }
}
