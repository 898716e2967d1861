package racelab.crosscheck;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the real Kafka jars for the child JVMs are: {@code kafka-lib} beside the running jar or classes directory
 * (the build copies them to {@code target/kafka-lib}, and the app image has them in {@code lib/app/kafka-lib}), or
 * the directory named by the system property {@code racelab.kafka.lib}. The desktop jar itself never carries them.
 * The children run on the same Java as the lab: the app image's runtime keeps {@code bin/java} for them.
 */
public final class KafkaRuntime {

    /** The Kafka version of the child JVMs (the build's {@code kafka.runtime.version}). */
    public static final String VERSION = "4.4.0";

    private final Path libDir;

    private KafkaRuntime(Path libDir) {
        this.libDir = libDir;
    }

    /** Finds the library directory or explains where it looked. */
    public static KafkaRuntime locate() throws CrossCheckException {
        String override = System.getProperty("racelab.kafka.lib");
        Path dir;
        if (override != null) {
            dir = Path.of(override);
        } else {
            try {
                Path code = Path.of(KafkaRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                dir = code.getParent().resolve("kafka-lib");
            } catch (URISyntaxException | RuntimeException e) {
                throw new CrossCheckException("cannot tell where the app runs from: " + e.getMessage());
            }
        }
        if (!Files.isRegularFile(dir.resolve("ledger-lab-kafka-runner.jar"))) {
            throw new CrossCheckException("real Kafka libraries not found in " + dir.toAbsolutePath() + "; "
                    + (System.getProperty("jpackage.app-path") != null
                            ? "this app image was built without them (mvn -Pdist -Ddist.without.kafka=true): "
                                    + "build it again without that flag, or"
                            : "build them with 'mvn -q -DskipTests package' (they go to target/kafka-lib), or")
                    + " point -Dracelab.kafka.lib at such a directory");
        }
        KafkaRuntime runtime = new KafkaRuntime(dir);
        if (!Files.isExecutable(Path.of(runtime.javaExecutable()))) {
            throw new CrossCheckException("the real Kafka processes need a java launcher, and this runtime has none: "
                    + runtime.javaExecutable() + " is missing (an app image whose runtime was linked with "
                    + "--strip-native-commands); build the image again with 'mvn -Pdist package'");
        }
        return runtime;
    }

    /** The class path of a child JVM: every jar of the library directory. */
    public String classPath() {
        return libDir.toAbsolutePath() + "/*";
    }

    public Path libDir() {
        return libDir;
    }

    /** The java launcher of the running JVM, so children run on the same Java. */
    public String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Where runs create their temporary directories: {@code -Dracelab.kafka.work} if set (tests point it at a
     * directory of their own), else {@code java.io.tmpdir}.
     */
    public static java.nio.file.Path workRoot() throws java.io.IOException {
        String work = System.getProperty("racelab.kafka.work");
        Path root = Path.of(work != null ? work : System.getProperty("java.io.tmpdir"));
        Files.createDirectories(root);
        return root;
    }

    /** Size of the library directory in bytes (reported, never asserted). */
    public long sizeBytes() {
        try (Stream<Path> files = Files.list(libDir)) {
            return files.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
