package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalkthroughCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int main(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theShippedLedgerWalkthroughPassesItsCheck() {
        assertThat(main("walkthrough", "q1-ledger-races", "--check")).isZero();
        assertThat(out()).startsWith("ok: scenes/walkthroughs/q1-ledger-races.yaml (10 stops; interview path 5 stops");
    }

    @Test
    void theShippedLogWalkthroughPassesItsCheckOnTheCurrentSimulator() {
        // Runs every stop, the isolator sweeps and the challenge solutions: a simulator change that removes a
        // challenge's solution fails here, not in front of a class.
        assertThat(main("walkthrough", "q2-lost-writes", "--check")).isZero();
        assertThat(out()).startsWith("ok: scenes/walkthroughs/q2-lost-writes.yaml (8 stops; interview path 5 stops");
    }

    @Test
    void theAnswerKeyPrintsWhatTheRealRunsMeasureEvenWhenTheFileChangesTheFix() throws Exception {
        String text = Files.readString(Path.of("scenes/walkthroughs/q1-ledger-races.yaml"));
        // The same stop under another mitigation gets another answer: nothing is copied from the file.
        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, text.replace("scene: double-spend\n    mitigation: naive\n    interview: true",
                "scene: " + Path.of("scenes/double-spend.yaml").toAbsolutePath()
                        + "\n    mitigation: conditional-update\n    interview: true"));
        assertThat(main("walkthrough", "scenes/walkthroughs/q1-ledger-races.yaml", "--answers")).isZero();
        assertThat(out()).contains("## 1. The double spend").contains("answer: -60   (run on H2 under naive");
        out.reset();
        assertThat(main("walkthrough", changed.toString(), "--answers")).isZero();
        assertThat(out()).contains("answer: 20   (run on H2 under conditional-update");
    }

    @Test
    void aBrokenWalkthroughExitsTwoWithItsLocation() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "id: b\nkind: walkthrough\ntitle: B\nquestion: 1\nstops: 7\n");
        assertThat(main("walkthrough", broken.toString(), "--check")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith(broken + ":5:8: expected the stops as a list");
        assertThat(main("walkthrough", broken.toString())).isEqualTo(2);
        assertThat(main("walkthrough", "no-such-walkthrough", "--check")).isEqualTo(2);
    }
}
