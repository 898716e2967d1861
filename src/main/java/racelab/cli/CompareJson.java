package racelab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import racelab.compare.ComparedRun;
import racelab.compare.Comparison;
import racelab.compare.LogComparison;
import racelab.compare.RunCost;

/**
 * The JSON document of {@code compare --json}: the scene, the schedule, and a {@code results} list with one entry
 * per mitigation. Each entry is exactly what {@code run --json} prints for that run (written by the run command's
 * own writer), plus a {@code cost} object and the {@code outcome} badge.
 */
final class CompareJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CompareJson() {
    }

    static String write(Comparison comparison) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scene", comparison.scene().id());
        ArrayNode schedule = root.putArray("schedule");
        comparison.schedule().forEach(step -> schedule.add(step.toString()));
        ArrayNode results = root.putArray("results");
        for (ComparedRun run : comparison.runs()) {
            ObjectNode entry = runEntry(run);
            RunCost cost = run.cost();
            ObjectNode costNode = entry.putObject("cost");
            costNode.put("statements", cost.statements());
            costNode.put("lockWaits", cost.lockWaits());
            costNode.put("stepsBlocked", cost.stepsBlocked());
            costNode.put("retries", cost.retries());
            costNode.put("aborts", cost.aborts());
            costNode.put("tradeOff", run.tradeOffNote());
            entry.put("outcome", run.outcome().label());
            entry.put("outcomeKind", run.outcome().kind().name());
            results.add(entry);
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The databases form ({@code --backends}): {@code results} has one entry per database, each what {@code run
     * --json} prints (with its {@code database}), plus {@code cost} and {@code outcome}; {@code differences} says
     * why the runs differ.
     */
    static String write(racelab.compare.BackendComparison comparison) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scene", comparison.scene().id());
        root.put("mitigation", comparison.mitigation());
        ArrayNode schedule = root.putArray("schedule");
        comparison.schedule().forEach(step -> schedule.add(step.toString()));
        ArrayNode results = root.putArray("results");
        for (ComparedRun run : comparison.runs()) {
            ObjectNode entry = runEntry(run);
            entry.put("outcome", run.outcome().label());
            entry.put("outcomeKind", run.outcome().kind().name());
            results.add(entry);
        }
        ArrayNode differences = root.putArray("differences");
        comparison.differences().forEach(differences::add);
        root.put("differencesSource", racelab.compare.EngineDifferences.SOURCE);
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The log form: {@code results} has one entry per preset, each what {@code log --json} prints for that run
     * (the log command's own writer) plus the preset and the two counts the comparison is about.
     */
    static String write(LogComparison comparison) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scene", comparison.scene().id());
        root.put("kind", "log");
        root.put("seed", comparison.seed());
        ArrayNode results = root.putArray("results");
        for (LogComparison.Column column : comparison.runs()) {
            ObjectNode entry = MAPPER.createObjectNode();
            entry.put("preset", column.preset().name());
            ObjectNode overrides = entry.putObject("overrides");
            column.preset().overrides().forEach(overrides::put);
            entry.put("separatePowerDomains", column.preset().separatePowerDomains());
            entry.put("verdict", column.verdict());
            entry.put("lost", column.lost());
            entry.put("doubleApplied", column.doubleApplied());
            if (!column.ran()) {
                entry.put("refusal", column.refusal());
                results.add(entry);
                continue;
            }
            try {
                entry.setAll((ObjectNode) MAPPER.readTree(LogCommand.toJson(column.result())));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("log --json wrote unreadable JSON", e);
            }
            results.add(entry);
        }
        return pretty(root);
    }

    private static String pretty(ObjectNode root) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** What {@code run --json} prints for this run, read back as a tree so cost and outcome can be added. */
    private static ObjectNode runEntry(ComparedRun run) {
        try {
            return (ObjectNode) MAPPER.readTree(RunCommand.toJson(run.run()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
