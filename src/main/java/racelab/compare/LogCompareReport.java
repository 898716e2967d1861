package racelab.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.WrongAccount;

/** A log comparison as text: the CLI table and the Markdown report. */
public final class LogCompareReport {

    /** Wrong accounts listed per preset before "and N more". */
    public static final int ACCOUNTS_SHOWN = 5;

    private LogCompareReport() {
    }

    public static String table(LogComparison comparison) {
        StringBuilder text = new StringBuilder();
        text.append("compare ").append(comparison.scene().id()).append(" (log): ").append(comparison.scene().title())
                .append('\n');
        text.append("seed ").append(comparison.seed()).append(", the same journal and fault script in every row\n\n");
        String format = "%-56s %-26s %5s %7s %6s %14s %14s  %s%n";
        text.append(String.format(format, "PRESET", "VERDICT", "LOST", "DOUBLE", "WRONG", "EXPECTED TOTAL",
                "ACTUAL TOTAL", "MODES"));
        for (LogComparison.Column column : comparison.runs()) {
            LogRunResult r = column.result();
            if (!column.ran()) {
                text.append(String.format(format, column.preset().name(), "not run", "-", "-", "-", "-", "-", "-"));
                continue;
            }
            text.append(String.format(format, column.preset().name(), column.verdict(), column.lost(),
                    column.doubleApplied(), r.wrongAccounts().size(), r.expectedTotal(), r.actualTotal(),
                    r.causes().isEmpty() ? "-" : String.join(",", r.causes())));
        }
        text.append("\nWrong balances (expected -> actual, cents):\n");
        for (LogComparison.Column column : comparison.runs()) {
            text.append("  ").append(column.preset().name()).append(": ").append(wrongAccounts(column))
                    .append('\n');
        }
        return text.toString();
    }

    public static String markdown(LogComparison comparison, String image) {
        StringBuilder md = new StringBuilder();
        md.append("# Compare settings: ").append(comparison.scene().title()).append("\n\n");
        md.append("Log scene `").append(comparison.scene().id()).append("` (`").append(comparison.scene().file())
                .append("`), seed ").append(comparison.seed()).append(": the same journal and the same faults at the "
                + "same simulated times under each preset (settings laid over the scene's own).\n\n");
        if (image != null) {
            md.append("![Compare view of ").append(comparison.scene().id()).append("](").append(image)
                    .append(")\n\n");
        }
        md.append("| Preset | Settings | Verdict | Lost | Double-applied | Wrong balances | Expected total "
                + "| Actual total | Modes |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---|\n");
        for (LogComparison.Column column : comparison.runs()) {
            LogRunResult r = column.result();
            if (!column.ran()) {
                md.append("| ").append(column.preset().name()).append(" | ").append(settings(column))
                        .append(" | not run: ").append(column.refusal().replace("|", "\\|"))
                        .append(" | - | - | - | - | - | - |\n");
                continue;
            }
            md.append("| ").append(column.preset().name()).append(" | ").append(settings(column)).append(" | ")
                    .append(column.verdict()).append(" | ").append(column.lost()).append(" | ")
                    .append(column.doubleApplied()).append(" | ").append(r.wrongAccounts().size()).append(" | ")
                    .append(r.expectedTotal()).append(" | ").append(r.actualTotal()).append(" | ")
                    .append(r.causes().isEmpty() ? "-" : String.join(", ", r.causes())).append(" |\n");
        }
        md.append("\nWhat these settings cost in produce latency and throughput (simulated): ")
                .append(TradeOffNotes.FIGURES_DOC).append(TradeOffNotes.DURABILITY_ANCHOR).append(".\n");
        md.append("\n## Wrong balances (expected → actual, cents)\n\n");
        for (LogComparison.Column column : comparison.runs()) {
            md.append("- ").append(column.preset().name()).append(": ").append(wrongAccounts(column))
                    .append('\n');
        }
        return md.toString();
    }

    /** The preset's changes in Kafka's names, or what it rewires. */
    public static String settings(LogComparison.Column column) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> setting : column.preset().overrides().entrySet()) {
            parts.add(setting.getKey() + "=" + setting.getValue());
        }
        if (column.preset().separatePowerDomains()) {
            parts.add("every broker but broker-1 on its own power");
        }
        return parts.isEmpty() ? "the scene's own" : String.join(", ", parts);
    }

    private static String wrongAccounts(LogComparison.Column column) {
        if (!column.ran()) {
            return "not run: " + column.refusal();
        }
        LogRunResult result = column.result();
        if (result.wrongAccounts().isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (WrongAccount account : result.wrongAccounts()) {
            if (parts.size() == ACCOUNTS_SHOWN) {
                parts.add("and " + (result.wrongAccounts().size() - ACCOUNTS_SHOWN) + " more");
                break;
            }
            parts.add(account.account() + " " + account.expected() + " -> " + account.actual());
        }
        return String.join(", ", parts);
    }
}
