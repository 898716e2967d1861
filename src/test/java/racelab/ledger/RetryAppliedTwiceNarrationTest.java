package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.check.AnomalyType;
import racelab.postgres.SharedPostgres;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/**
 * The retry-applied-twice narration says exactly when repeatable-read is safe: when each attempt's check (its first
 * statement, which takes its snapshot) runs before the other attempt commits, and in how many of the 70
 * interleavings. Every interleaving is run on the database and held against that rule and those figures, read from
 * the shipped narration; and it says serializable and repeatable-read-retry charge twice in all of them.
 */
class RetryAppliedTwiceNarrationTest {

    static Stream<String> backends() {
        return Stream.of("h2", "postgres");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void repeatableReadIsSafeExactlyWhenTheNarrationSays(String backendId) throws Exception {
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes", "retry-applied-twice.yaml"));
        String narration = scene.narration().replaceAll("\\s+", " ");
        assertThat(narration).contains("whether each attempt's check runs before the other attempt commits");
        Matcher figures = Pattern.compile("\\((\\d+) of the (\\d+) interleavings in the explorer\\).*\\(the other (\\d+)\\)")
                .matcher(narration);
        assertThat(figures.find()).as(narration).isTrue();
        int saidSafe = Integer.parseInt(figures.group(1));
        int saidAll = Integer.parseInt(figures.group(2));
        int saidTwice = Integer.parseInt(figures.group(3));
        assertThat(narration).contains("charges her twice in all " + saidAll);

        DatabaseBackend backend = backendId.equals("h2") ? H2Backend.INSTANCE : SharedPostgres.backend();
        List<List<StepRef>> all = PhantomSceneTest.interleavings();
        int safe = 0;
        int twice = 0;
        try (LedgerEngine engine = LedgerEngine.open(scene, backend)) {
            for (List<StepRef> schedule : all) {
                boolean overlap = before(schedule, "T1.check", "T2.commit") && before(schedule, "T2.check", "T1.commit");
                LedgerRun run = engine.run("repeatable-read", schedule);
                assertThat(run.has(AnomalyType.DUPLICATE_APPLY)).as("%s", schedule).isEqualTo(!overlap);
                if (overlap) {
                    safe++;
                    assertThat(run.steps()).as("%s", schedule).anySatisfy(s -> {
                        assertThat(s.outcome()).isEqualTo(StepOutcome.ABORTED);
                        assertThat(s.sqlState()).isEqualTo("40001");
                    });
                    assertThat(run.finalBalances()).containsEntry("alice", 70L);
                } else {
                    twice++;
                    assertThat(run.finalBalances()).containsEntry("alice", 40L);
                }
                for (String retrying : List.of("serializable", "repeatable-read-retry")) {
                    assertThat(engine.run(retrying, schedule).has(AnomalyType.DUPLICATE_APPLY))
                            .as("%s under %s", schedule, retrying).isTrue();
                }
            }
        }
        assertThat(all).hasSize(saidAll);
        assertThat(safe).isEqualTo(saidSafe);
        assertThat(twice).isEqualTo(saidTwice);
    }

    private static boolean before(List<StepRef> schedule, String first, String second) {
        return schedule.indexOf(StepRef.parseOrNull(first)) < schedule.indexOf(StepRef.parseOrNull(second));
    }
}
