package racelab.ui;

import javafx.util.Duration;

/**
 * How long view animations take. Tests and the snapshot command set {@link Duration#ZERO}, so what they see is
 * the final frame at once; the app keeps the default.
 */
public final class Motion {

    private static final Duration DEFAULT_STEP = Duration.millis(350);
    private static volatile Duration step = Boolean.getBoolean("racelab.noAnimation") ? Duration.ZERO : DEFAULT_STEP;

    private Motion() {
    }

    /** Duration of one replay step's animation (bars growing, flashes). */
    public static Duration stepDuration() {
        return step;
    }

    public static void setStepDuration(Duration duration) {
        step = duration;
    }

    /** Whether animations are off, e.g. headless. */
    public static boolean off() {
        return step.lessThanOrEqualTo(Duration.ZERO);
    }
}
