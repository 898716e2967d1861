package racelab.ui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import racelab.ledger.Mitigations;

/** The factory the app's shell uses: the page offers every mitigation of the ledger, all selected. */
@ExtendWith(ApplicationExtension.class)
class BenchViewLedgerUiTest {

    private BenchView view;

    @Start
    void start(Stage stage) {
        view = BenchView.create();
        stage.setScene(new Scene(view, 1200, 760));
        stage.show();
    }

    @Test
    void offersEveryLedgerMitigationSelected(FxRobot robot) {
        for (String id : Mitigations.ids()) {
            CheckBox box = robot.lookup("#bench-mitigation-" + id).queryAs(CheckBox.class);
            assertThat(box.isSelected()).as(id).isTrue();
        }
        assertThat(view.model().selectedMitigations()).containsExactlyElementsOf(Mitigations.ids());
        robot.interact(() -> robot.lookup("#bench-mitigation-naive").queryAs(CheckBox.class).setSelected(false));
        assertThat(view.model().selectedMitigations()).doesNotContain("naive").hasSize(Mitigations.ids().size() - 1);
        assertThat(view.model().settingsFor("high").mitigations()).doesNotContain("naive");
    }
}
