package racelab.bench;

import java.util.SplittableRandom;

/** Draws the index of an account touched by a transfer; the skew of these draws is the contention knob. */
public interface AccountPicker {

    /** An index in {@code [0, accountCount)}. */
    int pick(SplittableRandom random);

    /** One line for table headers and JSON, e.g. {@code 90% on 10 hot accounts}. */
    String describe();
}
