package racelab.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/**
 * The cross-check on real Kafka (a real KRaft broker and real Kafka Streams JVMs, kill -9 of the app that runs the
 * task). A broker that does not start fails these tests: they never skip. One broker serves every run of the class;
 * each run has its own topics and application id.
 */
// A guard against a hang, not a speed check: the whole method takes 40-90 s on a quiet machine and hit 170 s once
// at load 29 on 2 cores.
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RealKafkaF1Test {

    private static ClusterPool pool;
    private static Path work;

    @BeforeAll
    static void broker() throws Exception {
        // Runs of this class keep their directories here, so other cross-checks on the machine do not count.
        work = Files.createTempDirectory("racelab-kafka-test-");
        System.setProperty("racelab.kafka.work", work.toString());
        pool = new ClusterPool(KafkaRuntime.locate());
    }

    @AfterAll
    static void everythingStopped() throws Exception {
        pool.close();
        assertThat(racelab.testsupport.KafkaChildren.describeAlive()).as("Kafka child processes left").isEmpty();
        assertThat(ChildJvm.liveCount()).isZero();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.toList()).as("temporary directories left").isEmpty();
        }
        System.clearProperty("racelab.kafka.work");
        Files.delete(work);
    }

    private static LogScene f1() throws Exception {
        return LogSceneLoader.load(Path.of("scenes/f1-alos-double-apply.yaml"));
    }

    @Test
    void atLeastOnceReplaysOnRealKafkaAndExactlyOnceDoesNot() throws Exception {
        LogScene scene = f1();
        CrossCheckReport alos = CrossCheck.run(scene, scene.seed(), Map.of(), 2, 0, () -> false, m -> { }, pool);
        CrossCheckReport.Measure twice = alos.measure("applied twice");
        assertThat(twice.simulated()).as("the simulator predicts double applies under at_least_once").isPositive();
        assertThat(twice.realRunsWithIt()).as("real Kafka double-applies in at least one of 2 runs").isPositive();
        assertThat(alos.measure("applied-topic duplicates").realRunsWithIt()).isPositive();
        assertThat(alos.realModes()).containsExactly("F1");
        assertThat(alos.realRuns()).allSatisfy(r -> assertThat(r.unprocessedEntries()).isZero());
        assertThat(alos.agrees()).as(String.join("; ", alos.disagreements())).isTrue();

        CrossCheckReport eos = CrossCheck.run(scene, scene.seed(), scene.fix(), 2, 0, () -> false, m -> { }, pool);
        for (String measure : List.of("applied twice", "lost entries", "wrong accounts", "applied-topic duplicates")) {
            assertThat(eos.measure(measure).simulated()).as("simulated " + measure + " under exactly_once_v2").isZero();
            assertThat(eos.measure(measure).realMax()).as("real " + measure + " under exactly_once_v2").isZero();
        }
        assertThat(eos.realRuns()).allSatisfy(r -> {
            assertThat(r.unprocessedEntries()).isZero();
            assertThat(r.conserved()).isTrue();
        });
        assertThat(eos.agrees()).isTrue();
        assertThat(alos.brokerStartMsMedian()).isPositive();
    }

    @Test
    void cancellingMidRunStopsEveryAppAndRemovesItsDirectory() throws Exception {
        LogScene scene = f1();
        AtomicBoolean cancel = new AtomicBoolean();
        assertThatThrownBy(() -> CrossCheck.run(scene, scene.seed(), Map.of(), 1, 0, cancel::get, m -> {
            if (m.contains("starting app-2")) {
                cancel.set(true);
            }
        }, pool)).isInstanceOf(CancelledException.class);
        assertThat(ChildJvm.liveCount()).as("only the pool's broker is left").isLessThanOrEqualTo(1);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("StreamsLedgerMain")).count()).isZero();
    }
}
