package racelab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

class AppPreferencesTest {

    @Test
    void savedWindowSizeAndSceneComeBack() throws Exception {
        Preferences node = Preferences.userRoot().node("racelab/prefs-test/" + UUID.randomUUID());
        try {
            AppPreferences preferences = new AppPreferences(node);
            preferences.saveWindow(1200, 700, false);
            preferences.saveLastScene(Path.of("scenes/double-spend.yaml"));
            AppPreferences reread = new AppPreferences(node);
            assertThat(reread.widthPx(1)).isEqualTo(1200);
            assertThat(reread.heightPx(1)).isEqualTo(700);
            assertThat(reread.lastScene()).isEqualTo(Path.of("scenes/double-spend.yaml").toAbsolutePath());
        } finally {
            node.removeNode();
        }
    }

    @Test
    void savingIntoARemovedNodeIsForgottenNotThrown() throws Exception {
        Preferences node = Preferences.userRoot().node("racelab/prefs-test/" + UUID.randomUUID());
        node.removeNode();
        AppPreferences preferences = new AppPreferences(node);
        assertThatCode(() -> {
            preferences.saveWindow(800, 600, true);
            preferences.saveDark(true);
            preferences.saveLastScene(null);
            preferences.flush();
        }).doesNotThrowAnyException();
    }
}
