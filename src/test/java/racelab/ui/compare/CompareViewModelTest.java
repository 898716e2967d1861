package racelab.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import racelab.compare.ComparedRun;
import racelab.compare.Comparison;
import racelab.compare.Outcome;
import racelab.ledger.StepOutcome;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.ui.balances.AccountBalance;

/** The compare page's state without a toolkit, on runs from real H2. */
class CompareViewModelTest {

    private static LedgerScene scene;
    private static Comparison comparison;
    private CompareViewModel model;

    @BeforeAll
    static void runOnH2() throws Exception {
        scene = LedgerSceneLoader.load(Path.of("scenes/double-spend.yaml"));
        comparison = Comparison.run(scene, List.of("naive", "for-update", "optimistic-version"), scene.schedule());
    }

    @BeforeEach
    void accept() {
        model = new CompareViewModel(scene, List.of("naive", "for-update", "optimistic-version"));
        comparison.runs().stream().map(ComparedRun::run).forEach(model::accept);
    }

    @Test
    void theCursorCountsScheduleStepsNotTraceEvents() {
        assertThat(model.cursor().sizeProperty().get()).isEqualTo(scene.schedule().size());
        int naiveEvents = model.column("naive").runProperty().get().run().steps().size();
        int forUpdateEvents = model.column("for-update").runProperty().get().run().steps().size();
        assertThat(forUpdateEvents).as("for-update's trace has an extra blocked event").isGreaterThan(naiveEvents);
        model.cursor().toEnd();
        assertThat(model.column("naive").lines()).hasSize(naiveEvents);
        assertThat(model.column("for-update").lines()).hasSize(forUpdateEvents);
    }

    @Test
    void everyColumnShowsTheSameScheduleStep() {
        for (int k = 1; k <= scene.schedule().size(); k++) {
            model.cursor().forward();
            for (CompareColumnModel column : model.columns()) {
                for (TraceLine line : column.lines()) {
                    assertThat(line.scheduleStep()).isLessThan(k);
                    assertThat(line.current()).isEqualTo(line.scheduleStep() == k - 1);
                }
            }
        }
        assertThat(model.stepTextProperty().get()).startsWith("step 8 of 8 · T2.commit");
    }

    @Test
    void forUpdateBlocksAtTheCheckAndIsReleasedByT1Commit() {
        model.cursor().positionProperty().set(4);
        List<TraceLine> now = model.column("for-update").lines().filtered(TraceLine::current);
        assertThat(now).extracting(TraceLine::summary).containsExactly("T2.check blocked by T1");
        assertThat(model.column("naive").lines().filtered(TraceLine::current)).extracting(TraceLine::summary)
                .containsExactly("T2.check ran");

        model.cursor().positionProperty().set(6);
        // T1.commit releases T2's locking read, which now sees alice = 20 and declines: both at this step.
        List<TraceLine> released = model.column("for-update").lines().filtered(TraceLine::current);
        assertThat(released).extracting(TraceLine::outcome).containsExactly(StepOutcome.RAN, StepOutcome.DECLINED);
        assertThat(released.get(1).summary()).isEqualTo("T2.check declined by the app");
        assertThat(released.get(1).detail()).contains("released when T1");
    }

    @Test
    void theBadgeAndTheFinalBalancesAppearAtTheEnd() {
        model.cursor().positionProperty().set(7);
        assertThat(model.column("naive").outcomeProperty().get()).isNull();
        model.cursor().toEnd();
        assertThat(model.column("naive").outcomeProperty().get().kind()).isEqualTo(Outcome.Kind.VIOLATED);
        assertThat(model.column("for-update").outcomeProperty().get().safe()).isTrue();
        AccountBalance alice = model.column("naive").balances().accounts().get(0);
        assertThat(alice.account()).isEqualTo("alice");
        assertThat(alice.balance()).isEqualTo(comparison.runs().get(0).run().finalBalances().get("alice"));
        assertThat(alice.violated()).isTrue();
        model.cursor().toStart();
        assertThat(model.column("naive").balances().accounts().get(0).balance()).isEqualTo(100);
        assertThat(model.column("naive").lines()).isEmpty();
    }

    @Test
    void columnsMoveHideAndWiden() {
        model.moveRight(model.column("naive"));
        assertThat(model.columns()).extracting(CompareColumnModel::mitigation)
                .containsExactly("for-update", "naive", "optimistic-version");
        model.hide(model.column("naive"));
        assertThat(model.visibleColumns()).extracting(CompareColumnModel::mitigation)
                .containsExactly("for-update", "optimistic-version");
        model.moveLeft(model.column("optimistic-version"));
        assertThat(model.visibleColumns()).extracting(CompareColumnModel::mitigation)
                .containsExactly("optimistic-version", "for-update");
        model.moveLeft(model.column("optimistic-version"));
        assertThat(model.visibleColumns().get(0).mitigation()).isEqualTo("optimistic-version");
        assertThat(model.comparison().runs()).extracting(ComparedRun::mitigation)
                .containsExactly("optimistic-version", "for-update");
        model.showOnly(List.of("naive"));
        assertThat(model.visibleColumns()).extracting(CompareColumnModel::mitigation).containsExactly("naive");
        model.toggleWide(model.column("naive"));
        assertThat(model.column("naive").wideProperty().get()).isTrue();
        model.showAll();
        assertThat(model.visibleColumns()).hasSize(3);
    }

    @Test
    void aColumnWaitsUntilItsRunArrives() {
        CompareViewModel fresh = new CompareViewModel(scene, List.of("naive", "for-update"));
        assertThat(fresh.pendingMitigations()).containsExactly("naive", "for-update");
        fresh.started("naive");
        assertThat(fresh.column("naive").statusProperty().get()).contains("running");
        fresh.cursor().positionProperty().set(3);
        fresh.accept(comparison.runs().get(0).run());
        assertThat(fresh.column("naive").lines()).hasSize(3);
        assertThat(fresh.completeProperty().get()).isFalse();
        fresh.failed("for-update", "boom");
        assertThat(fresh.column("for-update").statusProperty().get()).isEqualTo("run failed: boom");
    }
}
