package racelab.logsim.result;

/**
 * One journal entry that did not end up applied exactly once on one account, with where it went wrong.
 *
 * @param kind LOST, DUPLICATED, WRONGLY_APPLIED or WRONGLY_REJECTED
 * @param applications how many times the account's final balance contains the entry
 * @param where where the record died or came from, e.g. "leader page cache lost in a power cut"
 * @param mode catalog id, e.g. F9
 */
public record EntryIssue(int entryId, String entry, String account, String kind, int applications, String where,
        String mode) {
}
