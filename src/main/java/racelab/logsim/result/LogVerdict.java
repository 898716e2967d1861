package racelab.logsim.result;

import java.util.ArrayList;
import java.util.List;

/**
 * What a log run's audit says, in words a page or a report can show: a short headline and one sentence. It names what
 * is actually wrong. {@link LogRunResult#correct()} is false for a duplicated decision in the applied topic or for an
 * entry not processed yet, even when every balance is right. Calling such a run "wrong balances" would teach
 * something false, so the headline says "balances right" and names the output that is not.
 *
 * @param headline upper case and short, for a verdict badge: ALL BALANCES RIGHT, WRONG BALANCES, BALANCES RIGHT, ...
 * @param sentence the same verdict with its figures and causes
 * @param kind RIGHT when correct, WRONG when anything is lost, duplicated, wrongly decided or unexplained, PENDING when
 *     the run did not settle
 */
public record LogVerdict(String headline, String sentence, Kind kind) {

    /** How a verdict badge is coloured. */
    public enum Kind { RIGHT, WRONG, PENDING }

    /** The verdict of one finished run. */
    public static LogVerdict of(LogRunResult r) {
        if (!r.settled()) {
            return new LogVerdict("DID NOT SETTLE", "the simulation " + r.budget() + "; the audit covers only the part "
                    + "that ran", Kind.PENDING);
        }
        if (r.correct()) {
            return new LogVerdict("ALL BALANCES RIGHT", "every balance right; nothing lost, duplicated or wrongly decided "
                    + "in any output (" + r.entries() + " entries)", Kind.RIGHT);
        }
        String causes = r.causes().isEmpty() ? "" : " (" + String.join(", ", r.causes()) + ")";
        if (!r.wrongAccounts().isEmpty()) {
            return new LogVerdict("WRONG BALANCES", r.wrongAccounts().size() + " of " + r.accounts()
                    + " accounts wrong after recovery, " + r.lostEntries().size() + " entries lost, "
                    + r.duplicateEntries().size() + " applied twice" + causes, Kind.WRONG);
        }
        if (r.expectedTotal() != r.actualTotal()) {
            return new LogVerdict("WRONG TOTAL", "the balances add up to " + r.actualTotal() + " instead of "
                    + r.expectedTotal() + causes, Kind.WRONG);
        }
        List<String> problems = problems(r);
        String headline = problems.isEmpty() ? "BALANCES RIGHT, AUDIT NOT CLEAN"
                : "BALANCES RIGHT, " + shortName(r);
        return new LogVerdict(headline, "every balance right, but " + (problems.isEmpty()
                ? "the audit is not clean" : String.join("; ", problems)) + causes, Kind.WRONG);
    }

    /** What is wrong besides balances, one phrase each, in the order of the outputs. */
    private static List<String> problems(LogRunResult r) {
        List<String> problems = new ArrayList<>();
        for (OutputAudit audit : r.outputs()) {
            if (!audit.available() || audit.clean()) {
                continue;
            }
            String where = switch (audit.output()) {
                case OutputAudit.APPLIED -> "the applied topic";
                case OutputAudit.STORE -> "the live store";
                default -> "the changelog";
            };
            if (!audit.duplicated().isEmpty()) {
                problems.add(where + " holds " + audit.duplicated().size() + " "
                        + (audit.output().equals(OutputAudit.APPLIED) ? "entries decided twice" : "entries applied twice"));
            }
            if (!audit.lost().isEmpty()) {
                problems.add(where + " lacks " + audit.lost().size() + " entries");
            }
            if (!audit.wronglyDecided().isEmpty()) {
                problems.add(where + " has " + audit.wronglyDecided().size() + " entries decided the wrong way");
            }
        }
        if (r.unprocessedEntries() > 0 && problems.isEmpty()) {
            problems.add(r.unprocessedEntries() + " entries not processed yet when the run ended");
        }
        if (!r.unexplained().isEmpty()) {
            problems.add(r.unexplained().size() + " differences no mode explains (a simulator or audit bug)");
        }
        return problems;
    }

    /** The badge's second half: the first output that is not clean. */
    private static String shortName(LogRunResult r) {
        for (OutputAudit audit : r.outputs()) {
            if (audit.available() && !audit.clean()) {
                String where = switch (audit.output()) {
                    case OutputAudit.APPLIED -> "APPLIED TOPIC";
                    case OutputAudit.STORE -> "LIVE STORE";
                    default -> "CHANGELOG";
                };
                return !audit.duplicated().isEmpty() ? "DUPLICATES IN " + where
                        : !audit.lost().isEmpty() ? "ENTRIES MISSING FROM " + where : where + " WRONG";
            }
        }
        if (!r.unexplained().isEmpty()) {
            return "UNEXPLAINED DIFFERENCE";
        }
        return r.unprocessedEntries() > 0 ? "ENTRIES UNPROCESSED" : "AUDIT NOT CLEAN";
    }
}
