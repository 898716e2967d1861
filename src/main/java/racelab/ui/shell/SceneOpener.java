package racelab.ui.shell;

import java.nio.file.Path;
import racelab.scenario.SceneFormatException;

/**
 * Turns a scene file into the view model of its page; the app wires one opener per kind so the shell stays
 * independent of the engines.
 */
@FunctionalInterface
public interface SceneOpener {

    /**
     * @param kind {@code ledger} or {@code log}, as read from the file's header
     * @return the page's view model
     * @throws SceneFormatException when the file is not a valid scene; shown as the error panel
     */
    Object open(Path file, String kind) throws SceneFormatException;

    /** The compare page of a scene (every fix side by side); by default the ordinary page. */
    default Object compare(Path file, String kind) throws SceneFormatException {
        return open(file, kind);
    }
}
