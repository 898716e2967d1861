package racelab.ui.shell;

import java.nio.file.Path;

/**
 * One scene file as the library lists it, read leniently: a broken file is still listed, and opening it shows
 * the loader's precise error.
 *
 * @param kind {@code ledger}, {@code log}, or empty when the file could not be read
 * @param title the scene's title, or the file name when it has none
 */
public record SceneEntry(Path file, String id, String kind, String title) {

    public static final String QUESTION_1 = "Question 1 · SQL ledger races";
    public static final String QUESTION_2 = "Question 2 · Kafka lost writes";
    public static final String UNREADABLE = "Needs a fix";

    /** The library group: ledger scenes answer Question 1, log scenes Question 2. */
    public String question() {
        if (kind.equals("ledger")) {
            return QUESTION_1;
        }
        if (kind.equals("log")) {
            return QUESTION_2;
        }
        return UNREADABLE;
    }

    /** Whether the search text matches the title, id or file name, ignoring case. */
    public boolean matches(String search) {
        if (search == null || search.isBlank()) {
            return true;
        }
        String needle = search.strip().toLowerCase(java.util.Locale.ROOT);
        return title.toLowerCase(java.util.Locale.ROOT).contains(needle)
                || id.toLowerCase(java.util.Locale.ROOT).contains(needle)
                || file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).contains(needle);
    }

    @Override
    public String toString() {
        return title;
    }
}
