package racelab.explore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders explore results as JSON, as text for a terminal, and as a Markdown matrix for the docs. */
public final class ExploreReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExploreReport() {
    }

    /** The JSON document of one search: {@code schedules}, {@code pruned}, {@code outcomes}, {@code minimal}, ... */
    public static String json(ExploreResult result) {
        return write(tree(result, true));
    }

    /** The JSON document of a matrix: one entry per mitigation, without the violating lists. */
    public static String matrixJson(List<ExploreResult> results) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("scene", results.isEmpty() ? null : results.get(0).sceneId());
        List<Object> rows = new ArrayList<>();
        for (ExploreResult result : results) {
            rows.add(tree(result, false));
        }
        document.put("matrix", rows);
        return write(document);
    }

    private static Map<String, Object> tree(ExploreResult result, boolean withViolating) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("scene", result.sceneId());
        tree.put("mitigation", result.mitigation());
        tree.put("schedules", result.schedules());
        tree.put("explored", result.explored());
        tree.put("pruned", result.pruned());
        tree.put("complete", result.complete());
        Map<String, Long> outcomes = new LinkedHashMap<>();
        result.outcomes().forEach((outcome, count) -> outcomes.put(outcome.label(), count));
        tree.put("outcomes", outcomes);
        Map<String, Long> bySchedule = new LinkedHashMap<>();
        result.schedulesByOutcome().forEach((outcome, count) -> bySchedule.put(outcome.label(), count));
        tree.put("schedulesByOutcome", bySchedule);
        tree.put("anomalies", result.anomalyNames());
        tree.put("minimal", result.minimal() == null ? null : result.minimal().scheduleText());
        tree.put("minimalDistance", result.minimal() == null ? null : result.minimal().distance());
        if (withViolating) {
            List<Object> violating = new ArrayList<>();
            for (ScheduleResult schedule : result.violating()) {
                violating.add(scheduleTree(schedule));
            }
            tree.put("violating", violating);
            Map<String, Object> examples = new LinkedHashMap<>();
            result.examples().forEach((outcome, schedule) -> examples.put(outcome.label(), scheduleTree(schedule)));
            tree.put("examples", examples);
        }
        return tree;
    }

    private static Map<String, Object> scheduleTree(ScheduleResult schedule) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("schedule", schedule.scheduleText());
        tree.put("outcome", schedule.outcome().label());
        tree.put("distance", schedule.distance());
        tree.put("finalBalances", schedule.finalBalances());
        tree.put("anomalies", schedule.anomalies());
        return tree;
    }

    private static String write(Object tree) {
        try {
            return JSON.writeValueAsString(tree) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** A few lines for a terminal. */
    public static String text(ExploreResult result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("scene %s, mitigation %s%n", result.sceneId(), result.mitigation()));
        text.append(String.format("schedules %d, explored %d, pruned %d%s%n", result.schedules(), result.explored(),
                result.pruned(), result.complete() ? "" : " (cancelled)"));
        text.append(String.format("  %-16s %8s %10s%n", "outcome", "runs", "schedules"));
        result.outcomes().forEach((outcome, count) -> text.append(String.format("  %-16s %8d %10s%n", outcome.label(),
                count, result.schedulesByOutcome().isEmpty() ? "-" : result.schedulesByOutcome().get(outcome))));
        long engineErrors = result.count(Outcome.ENGINE_ERROR);
        if (engineErrors > 0) {
            text.append(String.format("%d runs failed in the database on two fresh engines; their outcome is unknown "
                    + "(--json lists them under examples)%n", engineErrors));
        }
        if (result.minimal() == null && engineErrors > 0) {
            text.append("no violating schedule among the runs that completed\n");
        } else if (result.minimal() == null) {
            text.append("no violating schedule: this mitigation held in every interleaving\n");
        } else {
            text.append(String.format("minimal counterexample (%d conflicting step pairs out of lane order):%n  %s%n",
                    result.minimal().distance(), Schedules.text(result.minimal().schedule())));
            text.append("  ").append(String.join("; ", result.minimal().anomalies())).append('\n');
            text.append(String.format("%d violating schedules explored (--json lists them)%n",
                    result.violating().size()));
        }
        return text.toString();
    }

    /** Per outcome, interleavings when known (independent of pruning), else explored runs. */
    private static long matrixCount(ExploreResult result, Outcome outcome) {
        return result.schedulesByOutcome().isEmpty()
                ? result.count(outcome)
                : result.schedulesByOutcome().getOrDefault(outcome, 0L);
    }

    /**
     * The matrix as a Markdown table: one row per mitigation, one column per outcome counting interleavings (each
     * with the outcome of its class), or explored runs when the scene was too large to enumerate.
     */
    public static String markdownMatrix(List<ExploreResult> results) {
        StringBuilder table = new StringBuilder("| mitigation | schedules | explored | pruned |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|");
        for (Outcome outcome : Outcome.values()) {
            table.append(' ').append(outcome.label()).append(" |");
            rule.append("---:|");
        }
        table.append(" sound? | anomalies | minimal counterexample |\n").append(rule).append("---|---|---|\n");
        for (ExploreResult result : results) {
            table.append(String.format("| `%s` | %d | %d | %d |", result.mitigation(), result.schedules(),
                    result.explored(), result.pruned()));
            for (Outcome outcome : Outcome.values()) {
                table.append(' ').append(matrixCount(result, outcome)).append(" |");
            }
            table.append(result.sound() ? " yes |" : result.count(Outcome.VIOLATED) > 0 ? " **no** |" : " unknown |");
            table.append(result.anomalyNames().isEmpty() ? " - |" : " " + String.join(", ", result.anomalyNames()) + " |");
            table.append(result.minimal() == null ? " - |" : " `" + Schedules.text(result.minimal().schedule()) + "` |");
            table.append('\n');
        }
        return table.toString();
    }

    /** The matrix as fixed-width text for a terminal. */
    public static String textMatrix(List<ExploreResult> results) {
        StringBuilder table = new StringBuilder(String.format("%-22s %9s %8s %6s", "mitigation", "schedules", "explored",
                "pruned"));
        for (Outcome outcome : Outcome.values()) {
            table.append(String.format(" %15s", outcome.label()));
        }
        table.append("  sound    anomalies\n");
        for (ExploreResult result : results) {
            table.append(String.format("%-22s %9d %8d %6d", result.mitigation(), result.schedules(), result.explored(),
                    result.pruned()));
            for (Outcome outcome : Outcome.values()) {
                table.append(String.format(" %15d", matrixCount(result, outcome)));
            }
            table.append(String.format("  %-8s %s%n", result.sound() ? "yes" : result.count(Outcome.VIOLATED) > 0
                    ? "NO" : "unknown", String.join(", ", result.anomalyNames())));
        }
        return table.toString();
    }
}
