package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.isolate.Isolator;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

class IsolatorTest {

    @Test
    void findsTheSingleChangeThatRemovesTheLoss() throws Exception {
        LogScene scene = LogSceneLoader.load(Path.of("scenes/f9-power-cut-no-fsync.yaml"));
        List<Integer> progress = new ArrayList<>();
        Isolator.Report report = new Isolator().isolate(scene, 1, 2, Map.of(), (done, total, what) -> progress.add(done),
                () -> false);
        assertThat(report.baseline().runsWithLoss()).isEqualTo(2);
        assertThat(report.allSafe().runsWithLoss()).isZero();
        assertThat(report.removingKnobs()).contains("fsync").doesNotContain("acks-all", "exactly-once");
        assertThat(progress).isSorted().isNotEmpty();
        Isolator.Outcome exactlyOnce = report.knobs().stream().filter(o -> o.label().startsWith("exactly-once")).findFirst()
                .orElseThrow();
        assertThat(exactlyOnce.alreadySafe()).isTrue();
    }

    @Test
    void cancellationStopsEarly() throws Exception {
        LogScene scene = LogSceneLoader.load(Path.of("scenes/f1-alos-double-apply.yaml"));
        int[] calls = {0};
        Isolator.Report report = new Isolator().isolate(scene, 1, 50, Map.of(), (done, total, what) -> { },
                () -> ++calls[0] > 3);
        assertThat(report.cancelled()).isTrue();
        assertThat(report.baseline().runs()).isLessThan(50);
    }
}
