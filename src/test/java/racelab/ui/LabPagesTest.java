package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.scenario.SceneFormatException;
import racelab.ui.ledger.LedgerWorkbenchViewModel;
import racelab.ui.logtimeline.LogTimelineViewModel;
import racelab.ui.logtimeline.StepScenes;
import racelab.ui.logview.LogSceneViewModel;
import racelab.ui.shell.SceneEntry;
import racelab.ui.shell.SceneFiles;

/** Every shipped scene appears in the library under its question and opens as the right kind of page. */
class LabPagesTest {

    private final LabPages pages = new LabPages(LabBackends.ledger(), LabBackends.log());

    @Test
    void everyShippedSceneIsListedAndOpens() throws SceneFormatException {
        List<SceneEntry> entries = SceneFiles.list(Paths.get("scenes"));
        assertThat(entries).isNotEmpty();
        int timelines = 0;
        int clusters = 0;
        for (SceneEntry entry : entries) {
            assertThat(entry.question()).as(entry.file().toString()).isNotEqualTo(SceneEntry.UNREADABLE);
            Object page = pages.open(entry.file(), entry.kind());
            if (entry.kind().equals("ledger")) {
                assertThat(page).isInstanceOf(LedgerWorkbenchViewModel.class);
            } else if (page instanceof LogTimelineViewModel) {
                // Small journals made for stepping open on the record-level timeline.
                assertThat(StepScenes.isStepScene(((LogTimelineViewModel) page).scene())).isTrue();
                timelines++;
            } else {
                assertThat(page).isInstanceOf(LogSceneViewModel.class);
                assertThat(StepScenes.isStepScene(((LogSceneViewModel) page).scene())).isFalse();
                assertThat(((LogSceneViewModel) page).machines()).isNotEmpty();
                clusters++;
            }
        }
        assertThat(timelines).as("step scenes on the timeline page").isGreaterThanOrEqualTo(5);
        assertThat(clusters).as("big scenes keep the cluster page").isPositive();
        assertThat(entries).anyMatch(e -> e.question().equals(SceneEntry.QUESTION_1));
        assertThat(entries).anyMatch(e -> e.question().equals(SceneEntry.QUESTION_2));
        // The phantom scene (a member joins a group while row locks guard the old ones) is in the app's list.
        assertThat(entries).anyMatch(e -> e.file().getFileName().toString().equals("phantom-group-member.yaml")
                && e.question().equals(SceneEntry.QUESTION_1) && e.kind().equals("ledger"));
    }

    @Test
    void aBrokenFileIsStillListedSoItsErrorCanBeShown() {
        SceneEntry entry = SceneFiles.read(Path.of("pom.xml"));
        assertThat(entry.kind()).isEmpty();
        assertThat(entry.question()).isEqualTo(SceneEntry.UNREADABLE);
    }
}
