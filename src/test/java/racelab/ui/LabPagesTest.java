package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.scenario.SceneFormatException;
import racelab.ui.ledger.LedgerWorkbenchViewModel;
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
        for (SceneEntry entry : entries) {
            assertThat(entry.question()).as(entry.file().toString()).isNotEqualTo(SceneEntry.UNREADABLE);
            Object page = pages.open(entry.file(), entry.kind());
            if (entry.kind().equals("ledger")) {
                assertThat(page).isInstanceOf(LedgerWorkbenchViewModel.class);
            } else {
                assertThat(page).isInstanceOf(LogSceneViewModel.class);
                assertThat(((LogSceneViewModel) page).machines()).isNotEmpty();
            }
        }
        assertThat(entries).anyMatch(e -> e.question().equals(SceneEntry.QUESTION_1));
        assertThat(entries).anyMatch(e -> e.question().equals(SceneEntry.QUESTION_2));
    }

    @Test
    void aBrokenFileIsStillListedSoItsErrorCanBeShown() {
        SceneEntry entry = SceneFiles.read(Path.of("pom.xml"));
        assertThat(entry.kind()).isEmpty();
        assertThat(entry.question()).isEqualTo(SceneEntry.UNREADABLE);
    }
}
