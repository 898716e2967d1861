package racelab.logsim.model;

/** The value of an {@code applied} output record: the processor's decision on one entry (or one leg of it). */
public record AppliedEvent(int entryId, InputItem.Leg leg, boolean applied, String instance) {
}
