package racelab.logsim.result;

/** A notable moment of a run (election, truncation, restore, fault, ...) for the narration and the timeline. */
public record TraceEvent(long timeMs, String kind, String subject, String text) {
}
