package racelab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import racelab.explore.Cancellation;
import racelab.explore.FaultScriptShrinker;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;

/**
 * {@code shrink SCENE [--seed N] [--set name=value]... [--json]}: delta-debugs a log scene's fault script down to
 * the smallest one that still loses (or double-applies) an entry with that seed.
 */
@Command(name = "shrink", description = "Delta-debug a log scene's fault script to the smallest one that still "
        + "loses (or double-applies) a write.")
final class ShrinkCommand extends LabCommand {

    @Mixin
    LogSceneArgs sceneArgs;

    @Option(names = "--seed", paramLabel = "N", description = "The seed of the runs (default: the scene's own).")
    Long seed;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        Map<String, String> overrides = sceneArgs.overrides();
        LogScene scene = sceneArgs.load();
        long runSeed = seed == null ? scene.seed() : seed;
        FaultScriptShrinker.Result result;
        try {
            result = FaultScriptShrinker.shrink(scene, runSeed, overrides, FaultScriptShrinker.Listener.NONE,
                    new Cancellation());
        } catch (IllegalArgumentException | SettingException e) {
            throw new UsageException(e.getMessage(), e);
        }
        out.print(json ? json(result) : text(result));
        return 0;
    }

    private static String text(FaultScriptShrinker.Result result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("shrink %s, seed %d: keeps the %s (%d simulations)%n", result.sceneId(),
                result.seed(), result.symptom().label(), result.simulations()));
        text.append(String.format("fault script: %d faults -> %d%n", result.original().size(), result.minimal().size()));
        for (Fault fault : result.original()) {
            text.append(result.minimal().contains(fault) ? "  keep  " : "  drop  ").append(fault.describe()).append('\n');
        }
        text.append(String.format("with the minimal script: lost %d, duplicated %d entries%n",
                result.minimalRun().lostEntries().size(), result.minimalRun().duplicateEntries().size()));
        text.append("every fault kept is needed: without any one of them the ")
                .append(result.symptom().label()).append(" disappears\n");
        return text.toString();
    }

    private static String json(FaultScriptShrinker.Result result) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("scene", result.sceneId());
        tree.put("seed", result.seed());
        tree.put("overrides", result.overrides());
        tree.put("symptom", result.symptom().label());
        tree.put("simulations", result.simulations());
        tree.put("complete", result.complete());
        tree.put("original", describe(result.original()));
        tree.put("minimal", describe(result.minimal()));
        tree.put("lostEntries", result.minimalRun().lostEntries());
        tree.put("duplicateEntries", result.minimalRun().duplicateEntries());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree)
                    + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    private static List<String> describe(List<Fault> faults) {
        List<String> text = new ArrayList<>();
        faults.forEach(f -> text.add(f.describe()));
        return text;
    }
}
