package racelab.ui.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recent-files rule: most recent first, each file once (by absolute, normalised path), at most {@link #MAX}. */
public final class RecentFiles {

    /** How many scenes the Recent menu lists. */
    public static final int MAX = 8;

    private RecentFiles() {
    }

    /** {@code recent} after {@code opened} was opened; the input list is not changed. */
    public static List<Path> afterOpening(List<Path> recent, Path opened) {
        Path key = opened.toAbsolutePath().normalize();
        List<Path> next = new ArrayList<>();
        next.add(key);
        for (Path file : recent) {
            Path other = file.toAbsolutePath().normalize();
            if (!other.equals(key) && !next.contains(other) && next.size() < MAX) {
                next.add(other);
            }
        }
        return next;
    }
}
