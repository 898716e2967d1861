package racelab.cli;

/** {@code on} or {@code off} on the command line (picocli lists both in help and completion). */
public enum OnOff {
    on,
    off;

    /** Null stays null: the option was not given and the scene's own setting applies. */
    static Boolean toBoolean(OnOff value) {
        return value == null ? null : value == on;
    }
}
