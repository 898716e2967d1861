package racelab.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Shows a folder in the desktop's file manager: {@code xdg-open} on Linux, {@code open} on macOS, {@code explorer}
 * on Windows. The command is started and left alone (the file manager outlives the lab); it is not waited for.
 */
final class FolderRevealer {

    private FolderRevealer() {
    }

    /** @throws UncheckedIOException when the command cannot be started (no desktop, no xdg-open) */
    static void reveal(Path folder) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String command = os.contains("win") ? "explorer" : os.contains("mac") ? "open" : "xdg-open";
        try {
            new ProcessBuilder(command, folder.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }
}
