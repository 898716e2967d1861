package racelab.walkthrough;

import java.util.List;

/**
 * What the candidate predicts before the reveal, and which {@link Measure} of the real run decides whether the
 * prediction was right. The answer is never written in the file: it is measured.
 *
 * @param options the choices offered, for a choice measure (the measure's own when the file gives none)
 */
public record Prediction(String prompt, Measure measure, List<String> options) {

    public Prediction {
        options = List.copyOf(options);
    }
}
