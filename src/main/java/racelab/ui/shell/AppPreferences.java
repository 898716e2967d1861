package racelab.ui.shell;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the app remembers between starts (window size and place, last scene, recent scenes, theme, which PostgreSQL
 * server), in {@link Preferences}. Never a password: see {@link #savePostgresServer}.
 *
 * <p>Tests pass their own node so they never touch the user's settings.
 */
public final class AppPreferences {

    /** Default node for the app. */
    public static final String NODE = "racelab/ledger-lab";

    private final Preferences node;

    public AppPreferences(Preferences node) {
        this.node = node;
    }

    public static AppPreferences user() {
        return new AppPreferences(Preferences.userRoot().node(NODE));
    }

    public double widthPx(double fallback) {
        return node.getDouble("window.widthPx", fallback);
    }

    public double heightPx(double fallback) {
        return node.getDouble("window.heightPx", fallback);
    }

    public boolean maximized() {
        return node.getBoolean("window.maximized", false);
    }

    public void saveWindow(double widthPx, double heightPx, boolean maximized) {
        write(n -> {
            n.putDouble("window.widthPx", widthPx);
            n.putDouble("window.heightPx", heightPx);
            n.putBoolean("window.maximized", maximized);
        });
    }

    /** The last scene opened, or null. */
    public Path lastScene() {
        String text = node.get("scene.last", null);
        return text == null ? null : Paths.get(text);
    }

    public void saveLastScene(Path file) {
        if (file == null) {
            write(n -> n.remove("scene.last"));
        } else {
            write(n -> n.put("scene.last", file.toAbsolutePath().toString()));
        }
    }

    /** Presenter zoom of the main window, 1.0 = 100 %. */
    public double zoom() {
        return node.getDouble("window.zoom", 1.0);
    }

    public void saveZoom(double zoom) {
        write(n -> n.putDouble("window.zoom", zoom));
        flush();
    }

    /** Recently opened scenes, most recent first (one absolute path per line in {@code scene.recent}). */
    public java.util.List<Path> recentScenes() {
        String text = node.get("scene.recent", "");
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    files.add(Paths.get(line));
                } catch (java.nio.file.InvalidPathException e) {
                    // A path from another system is simply not listed.
                }
            }
        }
        return files;
    }

    /** Saves the recent list; oldest entries are dropped if it would exceed a preference value's maximum length. */
    public void saveRecentScenes(java.util.List<Path> files) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        files.forEach(file -> lines.add(file.toAbsolutePath().toString()));
        while (!lines.isEmpty() && String.join("\n", lines).length() > Preferences.MAX_VALUE_LENGTH) {
            lines.remove(lines.size() - 1);
        }
        write(n -> n.put("scene.recent", String.join("\n", lines)));
    }

    /** The PostgreSQL server last chosen in the settings: embedded (the default) or a URL and user. */
    public racelab.ui.PostgresServerSetting postgresServer() {
        return new racelab.ui.PostgresServerSetting(node.getBoolean("postgres.embedded", true),
                node.get("postgres.url", ""), node.get("postgres.user", ""));
    }

    /**
     * Remembers the server: whether it is the embedded one, its URL and its user. A password is never written here
     * (Java keeps these settings in plain text, {@code ~/.java/.userPrefs} on Linux); {@link
     * racelab.ui.PostgresServerSetting#problem()} refuses URLs that carry one.
     */
    public void savePostgresServer(racelab.ui.PostgresServerSetting server) {
        write(n -> {
            n.putBoolean("postgres.embedded", server.embedded());
            n.put("postgres.url", server.url());
            n.put("postgres.user", server.user());
        });
        flush();
    }

    public boolean dark() {
        return node.getBoolean("theme.dark", false);
    }

    public void saveDark(boolean dark) {
        write(n -> n.putBoolean("theme.dark", dark));
    }

    /**
     * Applies one change; a node removed meanwhile (another process or a test cleared the settings) only means
     * this change is not remembered, never an error while the window closes.
     */
    private void write(java.util.function.Consumer<Preferences> change) {
        try {
            change.accept(node);
        } catch (IllegalStateException removed) {
            // Preferences are a convenience; the app works without them.
        }
    }

    /** Writes to the backing store now; failures only mean the next start forgets, so they are ignored. */
    public void flush() {
        try {
            node.flush();
        } catch (BackingStoreException | IllegalStateException e) {
            // Preferences are a convenience; the app works without them.
        }
    }
}
