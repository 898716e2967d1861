package racelab.walkthrough;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What walkthroughs remember between starts: interview mode, the presenter zoom, and the fewest moves of every
 * solved challenge. Tests pass their own node so they never touch the user's settings.
 */
public final class WalkthroughPreferences {

    /** The app's node, next to the shell's own settings. */
    public static final String NODE = "racelab/ledger-lab/walkthroughs";
    public static final double MIN_ZOOM = 0.5;
    public static final double MAX_ZOOM = 3.0;

    private final Preferences node;

    public WalkthroughPreferences(Preferences node) {
        this.node = node;
    }

    public static WalkthroughPreferences user() {
        return new WalkthroughPreferences(Preferences.userRoot().node(NODE));
    }

    public boolean interviewMode() {
        return node.getBoolean("interview.mode", true);
    }

    public void saveInterviewMode(boolean on) {
        write(() -> node.putBoolean("interview.mode", on));
    }

    /** The presenter zoom, 1.0 = 100 %. */
    public double zoom() {
        return clampZoom(node.getDouble("presenter.zoom", 1.0));
    }

    public void saveZoom(double zoom) {
        write(() -> node.putDouble("presenter.zoom", clampZoom(zoom)));
    }

    public static double clampZoom(double zoom) {
        return Double.isNaN(zoom) ? 1.0 : Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
    }

    /** Fewest moves a challenge was solved in, or -1 when never solved. */
    public int bestMoves(String walkthroughId, String stopId) {
        return node.getInt(key(walkthroughId, stopId), -1);
    }

    /** Records a win; keeps the fewest moves. Returns the best after this win. */
    public int recordWin(String walkthroughId, String stopId, int moves) {
        int best = bestMoves(walkthroughId, stopId);
        int now = best < 0 ? moves : Math.min(best, moves);
        write(() -> node.putInt(key(walkthroughId, stopId), now));
        return now;
    }

    private static String key(String walkthroughId, String stopId) {
        String key = "solved." + walkthroughId + "." + stopId;
        // Preferences keys are limited to 80 characters; ids are kebab-case, so a cut stays readable.
        return key.length() > Preferences.MAX_KEY_LENGTH ? key.substring(0, Preferences.MAX_KEY_LENGTH) : key;
    }

    private void write(Runnable change) {
        try {
            change.run();
            node.flush();
        } catch (IllegalStateException | BackingStoreException e) {
            // Remembering is a convenience; a removed node or an unwritable store only means the next start forgets.
        }
    }
}
