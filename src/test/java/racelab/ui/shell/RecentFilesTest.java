package racelab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

class RecentFilesTest {

    /** The same few files, spelled several ways (relative, absolute, with "..", with "."). */
    private static Path spelling(Random random, int file) {
        String name = "scenes/s" + file + ".yaml";
        switch (random.nextInt(4)) {
            case 0:
                return Path.of(name);
            case 1:
                return Path.of(name).toAbsolutePath();
            case 2:
                return Path.of("scenes/../" + name);
            default:
                return Path.of("./" + name);
        }
    }

    @Test
    void overRandomOpeningsTheListIsTheDistinctFilesMostRecentFirstAndNeverLonger() {
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            List<Path> recent = new ArrayList<>();
            List<Path> opened = new ArrayList<>();
            int files = 1 + random.nextInt(14);
            for (int step = 0; step < 40; step++) {
                Path file = spelling(random, random.nextInt(files));
                opened.add(file.toAbsolutePath().normalize());
                recent = RecentFiles.afterOpening(recent, file);

                LinkedHashSet<Path> expected = new LinkedHashSet<>();
                for (int i = opened.size() - 1; i >= 0 && expected.size() < RecentFiles.MAX; i--) {
                    expected.add(opened.get(i));
                }
                assertThat(recent).as("seed %d step %d", seed, step).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void preferencesKeepTheListAndDropTheOldestWhenItWouldNotFit() throws Exception {
        Preferences node = Preferences.userRoot().node("racelab/recent-test/" + UUID.randomUUID());
        try {
            AppPreferences preferences = new AppPreferences(node);
            assertThat(preferences.recentScenes()).isEmpty();
            List<Path> files = List.of(Path.of("/tmp/a.yaml"), Path.of("/tmp/b c.yaml"));
            preferences.saveRecentScenes(files);
            assertThat(preferences.recentScenes()).containsExactlyElementsOf(files);

            List<Path> long_ = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long_.add(Path.of("/" + "x".repeat(1500) + i + ".yaml"));
            }
            preferences.saveRecentScenes(long_);
            List<Path> kept = preferences.recentScenes();
            assertThat(kept).isNotEmpty().hasSizeLessThan(8);
            assertThat(kept).containsExactlyElementsOf(long_.subList(0, kept.size()));
        } finally {
            node.removeNode();
        }
    }
}
