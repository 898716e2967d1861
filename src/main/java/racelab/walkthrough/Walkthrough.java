package racelab.walkthrough;

import java.util.List;

/**
 * A guided session through one seed question: an ordered list of {@link Stop}s, each a scene with a question to
 * ask, a prediction to take, hints, the reveal and follow-ups (format: {@code scenes/walkthroughs/README.md}).
 *
 * @param file where it was loaded from, for messages and to resolve scene paths
 * @param question which seed question it teaches (1 or 2)
 * @param interviewMinutes the time budget of the interview path (the stops marked {@code interview: true})
 */
public record Walkthrough(String id, String title, String file, int question, String summary, int interviewMinutes,
        List<Stop> stops) {

    public Walkthrough {
        stops = List.copyOf(stops);
    }

    /** The stops of one path: the short interview, or every stop for a class. */
    public List<Stop> stops(Track track) {
        return track == Track.CLASS ? stops : stops.stream().filter(Stop::interview).toList();
    }

    /** Suggested minutes of a path. */
    public int minutes(Track track) {
        return stops(track).stream().mapToInt(Stop::minutes).sum();
    }

    /** The two ways to run a walkthrough. */
    public enum Track {
        /** Only the stops marked {@code interview: true}, within {@link #interviewMinutes()}. */
        INTERVIEW,
        /** Every stop, for a longer class. */
        CLASS
    }
}
