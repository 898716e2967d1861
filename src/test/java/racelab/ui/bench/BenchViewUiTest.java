package racelab.ui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.bench.TestTargets;

/** Runs a tiny benchmark through the page, headless, and checks charts, table and saved files. */
@ExtendWith(ApplicationExtension.class)
class BenchViewUiTest {

    private BenchView view;

    @Start
    void start(Stage stage) {
        view = BenchView.create(new TestTargets());
        stage.setScene(new Scene(view, 1200, 760));
        stage.show();
    }

    private static void type(FxRobot robot, String id, String text) {
        TextField field = robot.lookup("#" + id).queryAs(TextField.class);
        robot.interact(() -> field.setText(text));
    }

    @Test
    void aTinyBenchmarkFillsTheChartsAndSaves(FxRobot robot, @TempDir Path dir) throws Exception {
        type(robot, "bench-workers", "1,2");
        type(robot, "bench-accounts", "50");
        type(robot, "bench-hot-accounts", "4");
        type(robot, "bench-seconds", "0.2");
        type(robot, "bench-warmup", "0.05");
        type(robot, "bench-reps", "1");
        robot.clickOn("#bench-run");

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.model().highReportProperty().get() != null
                && !view.model().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(view.model().progressProperty().get()).isEqualTo(1.0);
        assertThat(view.model().statusProperty().get()).startsWith("Done");
        // Each throughput chart: one line per mitigation, one point per worker count.
        for (XYChart<?, ?> chart : view.charts().subList(0, 2)) {
            assertThat(chart.getData()).hasSize(2);
            chart.getData().forEach(series -> assertThat(series.getData()).hasSize(2));
        }
        // Each latency chart: p50, p95, p99 for both mitigations at 2 workers.
        for (XYChart<?, ?> chart : view.charts().subList(2, 4)) {
            assertThat(chart.getData()).extracting(XYChart.Series::getName).containsExactly("p50", "p95", "p99");
            chart.getData().forEach(series -> assertThat(series.getData()).hasSize(2));
        }
        assertThat(view.table().getItems()).hasSize(4);

        Path csv = dir.resolve("out/bench.csv");
        Path json = dir.resolve("bench.json");
        Path png = dir.resolve("bench.png");
        view.model().saveCsv(csv);
        view.model().saveJson(json);
        robot.interact(() -> {
            try {
                view.exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(Files.readAllLines(csv)).first().asString().startsWith("contention,kind,mitigation");
        assertThat(Files.readAllLines(csv)).anyMatch(line -> line.startsWith("high,median,test-conditional,2"));
        assertThat(Files.readString(json)).contains("\"low\"", "\"high\"", "medianTransfersPerSecond");
        byte[] header = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertThat(header).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
    }

    @Test
    void aBadParameterIsReportedInsteadOfThrown(FxRobot robot) {
        type(robot, "bench-workers", "1,two");
        robot.clickOn("#bench-run");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.model().statusProperty().get()).contains("workers").contains("two");
        assertThat(view.model().runningProperty().get()).isFalse();
    }
}
