package racelab.cli;

/** {@code --theme light|dark} of the commands that render the app's views. */
public enum Theme {
    light,
    dark;

    public boolean isDark() {
        return this == dark;
    }
}
