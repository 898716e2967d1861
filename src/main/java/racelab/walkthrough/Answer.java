package racelab.walkthrough;

import java.util.Locale;
import java.util.Set;

/**
 * The measured answer to a stop's prediction.
 *
 * @param value what to show, e.g. {@code violated} or {@code -60}
 * @param accepted every prediction counted as right, lower case (several when any sound fix is right)
 * @param source how it was measured, e.g. {@code run on H2 under naive}
 */
public record Answer(Measure measure, String value, Set<String> accepted, String source) {

    public Answer {
        accepted = Set.copyOf(accepted);
    }

    /** Whether a prediction as typed or chosen is right; numbers compare as numbers. */
    public boolean matches(String prediction) {
        if (prediction == null || prediction.isBlank()) {
            return false;
        }
        String text = prediction.strip().toLowerCase(Locale.ROOT);
        if (measure.numeric()) {
            Long number = parseNumber(text);
            return number != null && accepted.contains(Long.toString(number));
        }
        return accepted.contains(text);
    }

    /** A whole number as a person types it ({@code -60}, {@code +5}, {@code 1_000}, {@code 1,000}); else null. */
    public static Long parseNumber(String text) {
        String cleaned = text.strip().replace("_", "").replace(",", "").replace(" ", "");
        if (cleaned.startsWith("+")) {
            cleaned = cleaned.substring(1);
        }
        try {
            return Long.parseLong(cleaned);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
