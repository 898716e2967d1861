package racelab.logsim.result;

import java.util.List;

/** An account whose recovered balance differs from the ground truth, with the entries responsible. */
public record WrongAccount(String account, long expected, long actual, List<String> causes, List<EntryIssue> issues) {
}
