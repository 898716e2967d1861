package racelab.ui.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.explore.ExploreResult;
import racelab.explore.Outcome;
import racelab.explore.ScheduleResult;
import racelab.scenario.StepRef;

class ExplorerViewModelTest {

    private final List<String> loaded = new ArrayList<>();
    private final ExplorerViewModel model = new ExplorerViewModel(null, List.of("naive", "for-update"), "naive",
            (mitigation, schedule) -> {
                loaded.add(mitigation);
                schedule.forEach(step -> loaded.add(step.toString()));
            });

    private static ExploreResult result(String mitigation, boolean complete, long violated) {
        ScheduleResult minimal = violated == 0 ? null : new ScheduleResult(
                List.of(StepRef.parseOrNull("T1.begin"), StepRef.parseOrNull("T2.begin")), Outcome.VIOLATED, 1,
                Map.of("alice", -60L), List.of("CONSTRAINT_VIOLATED alice"));
        return new ExploreResult("double-spend", mitigation, 70, 8, 62, complete, Map.of(Outcome.VIOLATED, violated),
                Map.of(), minimal == null ? List.of() : List.of(minimal), minimal, Map.of());
    }

    @Test
    void progressOfAllMitigationsCountsFinishedSearchesFirst() {
        model.mitigationProperty().set(ExplorerViewModel.ALL);
        model.started();
        model.progressed(1, 5, 10, 0);

        assertThat(model.plannedMitigations()).containsExactly("naive", "for-update");
        assertThat(model.progressProperty().get()).isEqualTo(0.75);
        assertThat(model.statusProperty().get()).startsWith("for-update: 5 of 10");
    }

    @Test
    void aCancelledMatrixSaysSoAndKeepsThePartialRows() {
        model.mitigationProperty().set(ExplorerViewModel.ALL);
        model.started();
        model.finished(List.of(result("naive", false, 3)));

        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.matrix()).hasSize(1);
        assertThat(model.statusProperty().get()).startsWith("Cancelled");
    }

    @Test
    void loadingTheMinimalCounterexamplePassesItsMitigationAndSchedule() {
        model.started();
        model.finished(List.of(result("naive", true, 3)));
        model.loadOntoTimeline(model.resultProperty().get().minimal());

        assertThat(model.statusProperty().get()).contains("naive");
        assertThat(model.violating()).hasSize(1);
        assertThat(loaded).containsExactly("naive", "T1.begin", "T2.begin");
    }
}
