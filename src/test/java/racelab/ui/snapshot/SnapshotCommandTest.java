package racelab.ui.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code snapshot}: PNGs of ledger and log pages at a step, and bad input as usage errors (exit 2). */
class SnapshotCommandTest extends racelab.ui.FxCommandTestBase {

    @Test
    void rendersALedgerSceneAtAStepToAPngOfTheWindowSize(@TempDir Path folder) throws Exception {
        Path png = folder.resolve("shots/double-spend.png");

        int code = run("snapshot", "scenes/double-spend.yaml", "--step", "8", "--out", png.toString(), "--theme",
                "dark");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1440);
        assertThat(image.getHeight()).isEqualTo(900);
        assertThat(Files.list(png.getParent())).containsExactly(png);
        // Dark theme: the top-left corner (header background) is dark.
        int rgb = image.getRGB(5, 5);
        int brightness = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
        assertThat(brightness).isLessThan(3 * 80);
    }

    @Test
    void rendersALogSceneMoment(@TempDir Path folder) throws Exception {
        Path png = folder.resolve("f1.png");

        int code = run("snapshot", "scenes/f1-alos-double-apply.yaml", "--step", "1", "--out", png.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1440);
    }

    @Test
    void rendersABigLogScenesTimelineWindowAroundItsFault(@TempDir Path folder) throws Exception {
        // The shipped F9 scene with a shorter journal, so the run stays quick on a busy machine.
        String shipped = Files.readString(Path.of("scenes", "f9-power-cut-no-fsync.yaml"));
        Path scene = folder.resolve("f9-window.yaml");
        Files.writeString(scene, shipped.replaceFirst("transfers: 1200", "transfers: 60")
                .replaceFirst("\\{ at: 50000,", "{ at: 2500,"));
        Path png = folder.resolve("window.png");

        int code = run("snapshot", scene.toString(), "--timeline-window", "--step", "41", "--out", png.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        // The window's own size, as the app opens it, not the main window's.
        assertThat(image.getWidth()).isEqualTo(1180);
        assertThat(image.getHeight()).isEqualTo(760);
    }

    @Test
    void theTimelineWindowOfAStepSceneIsAUsageError(@TempDir Path folder) {
        int code = run("snapshot", "scenes/step-f1-kill-before-commit.yaml", "--timeline-window", "--step", "1",
                "--out", folder.resolve("x.png").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--timeline-window is for big log scenes");
        assertThat(folder.resolve("x.png")).doesNotExist();
    }

    @Test
    void aStepPastTheEndIsAUsageErrorNamingTheRange(@TempDir Path folder) {
        int code = run("snapshot", "scenes/double-spend.yaml", "--step", "500", "--out",
                folder.resolve("x.png").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--step 500 is past the end").contains("use 0..");
        assertThat(folder.resolve("x.png")).doesNotExist();
    }

    @Test
    void aBrokenSceneIsAUsageErrorWithItsLocation(@TempDir Path folder) throws Exception {
        Path broken = folder.resolve("broken.yaml");
        Files.writeString(broken, "id: broken\nkind: ledger\ntitle: [unclosed\n");

        int code = run("snapshot", broken.toString(), "--step", "0", "--out", folder.resolve("x.png").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(broken + ":");
    }

    @Test
    void anUnknownMitigationIsRefusedBeforeAnythingRuns(@TempDir Path folder) {
        int code = run("snapshot", "scenes/double-spend.yaml", "--step", "0", "--mitigation", "prayer", "--out",
                folder.resolve("x.png").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown mitigation 'prayer'").contains("for-update");
    }
}
