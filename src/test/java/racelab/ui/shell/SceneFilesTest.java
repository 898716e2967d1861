package racelab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneFilesTest {

    @Test
    void readsTheHeaderOfQuotedAndPlainScenes(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("b.yaml"), "id: b-scene   # a comment\nkind: log\n"
                + "title: \"F9: a title with a colon\"\naccounts:\n  - { id: x }\n");
        Files.writeString(folder.resolve("a.yml"), "kind: ledger\ntitle: 'It''s plain'\nnested:\n  kind: log\n");
        Files.writeString(folder.resolve("notes.txt"), "kind: ledger\n");

        var entries = SceneFiles.list(folder);

        assertThat(entries).extracting(SceneEntry::id).containsExactly("a", "b-scene");
        assertThat(entries.get(0).kind()).isEqualTo("ledger");
        assertThat(entries.get(0).title()).isEqualTo("It's plain");
        assertThat(entries.get(1).title()).isEqualTo("F9: a title with a colon");
        assertThat(entries.get(1).question()).isEqualTo(SceneEntry.QUESTION_2);
    }

    @Test
    void aFileWithoutAKnownKindIsListedToBeFixed(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("odd.yaml"), "kind: spreadsheet\n");

        SceneEntry entry = SceneFiles.read(folder.resolve("odd.yaml"));

        assertThat(entry.question()).isEqualTo(SceneEntry.UNREADABLE);
        assertThat(entry.title()).isEqualTo("odd.yaml");
        assertThat(entry.matches("ODD")).isTrue();
        assertThat(entry.matches("ledger")).isFalse();
    }
}
