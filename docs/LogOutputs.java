import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code log --json} output of every log scene in {@code scenes/} in several variants (the scene's own seed,
 * {@code --fixed}, other seeds, {@code --set} overrides, the step trace of step scenes) plus the log-bench scene at two
 * sizes, one file per run, so two builds can be compared byte for byte ({@code docs/log-outputs.sh}). Runs in one JVM
 * through {@code racelab.cli.Main.run}. Usage: {@code java -cp JAR docs/LogOutputs.java SCENEDIR OUTDIR}.
 */
public class LogOutputs {

    private static final List<List<String>> VARIANTS = List.of(
            List.of(""),
            List.of("fixed", "--fixed"),
            List.of("s1", "--seed", "1"),
            List.of("s2", "--seed", "2"),
            List.of("s17", "--seed", "17"),
            List.of("nolineage", "--set", "sim.lineage=false"),
            List.of("alos-s5", "--seed", "5", "--set", "processing.guarantee=at_least_once"),
            List.of("jitter-s3", "--seed", "3", "--set", "sim.network.jitter.ms=40"),
            List.of("fixed-s4-acks1", "--fixed", "--seed", "4", "--set", "acks=1", "--set", "enable.idempotence=false"));

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        for (int entries : new int[] {5_000, 100_000}) {
            var result = racelab.logsim.LogSimulation.run(racelab.logsim.bench.LogBench.scene(entries), 1, Map.of());
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                    .disable(com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS);
            Files.writeString(out.resolve("log-bench-" + entries + ".json"), mapper.writeValueAsString(result));
        }
        List<Path> scenes = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(scenes::add);
        }
        for (Path scene : scenes) {
            if (!Files.readString(scene).contains("\nkind: log")) {
                continue;
            }
            String id = scene.getFileName().toString().replace(".yaml", "");
            List<List<String>> variants = new ArrayList<>(VARIANTS);
            if (id.startsWith("step-")) {
                variants.add(List.of("steps", "--steps"));
                variants.add(List.of("steps-fixed", "--steps", "--fixed"));
            }
            for (List<String> variant : variants) {
                List<String> command = new ArrayList<>(List.of("log", scene.toString(), "--json"));
                command.addAll(variant.subList(1, variant.size()));
                ByteArrayOutputStream stdout = new ByteArrayOutputStream();
                ByteArrayOutputStream stderr = new ByteArrayOutputStream();
                int rc = racelab.cli.Main.run(command.toArray(new String[0]),
                        new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
                String name = id + (variant.get(0).isEmpty() ? "" : "." + variant.get(0));
                Files.write(out.resolve(name + ".json"), stdout.toByteArray());
                Files.writeString(out.resolve(name + ".err"), stderr.toString(StandardCharsets.UTF_8) + "exit " + rc + "\n");
            }
        }
    }
}
