package racelab.cli;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Starts the jar with JavaFX as named modules, the configuration JavaFX supports, without a module path on the
 * command line.
 *
 * <p>{@code ledger-lab.jar} carries every library except JavaFX and Monocle; those stay modular jars in
 * {@code lib/} next to it (Maven copies them to {@code target/lib}, the app image has them in its {@code app/lib}).
 * When the JVM's class path cannot see JavaFX, {@link #relaunch} resolves those jars into a module layer and runs
 * {@link Main} again in a class loader whose parent is that layer: JavaFX's classes then come from named modules,
 * so {@code PlatformImpl} has no reason to print "Unsupported JavaFX configuration", and nothing is hidden.
 *
 * <p>Monocle (the headless glass platform of {@code snapshot} and {@code compare --png}) is an automatic module
 * in the same layer. It implements {@code javafx.graphics} internals, so the layer exports those packages to it,
 * the same grant {@code --add-exports} gives on a module path.
 */
final class JavaFxLayer {

    /** The modules the app uses; their own requirements (javafx.base) come along. */
    private static final Set<String> ROOTS = Set.of("javafx.controls", "javafx.fxml", "javafx.swing");

    /** Monocle's automatic module name (from its manifest). */
    private static final String MONOCLE = "org.testfx.monocle";

    /** The JavaFX-internal packages Monocle's classes use (found with jdeps on openjfx-monocle 17.0.10). */
    private static final List<String> MONOCLE_NEEDS = List.of("com.sun.glass.events", "com.sun.glass.ui",
            "com.sun.glass.ui.delegate", "com.sun.glass.utils", "com.sun.javafx.logging", "com.sun.javafx.tk",
            "com.sun.javafx.util");

    private JavaFxLayer() {
    }

    /** True when JavaFX is on this class loader already (a module path, the test class path, an IDE). */
    static boolean javafxVisible() {
        try {
            Class.forName("javafx.application.Platform", false, JavaFxLayer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Runs {@code Main.main(args)} again with JavaFX from named modules in {@code lib/}. */
    static void relaunch(String[] args) throws IOException {
        Path jar = ownJar();
        Path lib = jar.getParent().resolve("lib");
        List<Path> modules = modularJars(lib);
        ModuleFinder finder = ModuleFinder.of(modules.toArray(Path[]::new));
        Set<String> found = new TreeSet<>();
        finder.findAll().forEach(reference -> found.add(reference.descriptor().name()));
        if (!found.containsAll(ROOTS)) {
            throw new IOException("the JavaFX modules " + ROOTS + " are not all in " + lib + " (found " + found
                    + "); build with 'mvn package', which copies them there");
        }
        Set<String> roots = new TreeSet<>(ROOTS);
        if (found.contains(MONOCLE)) {
            roots.add(MONOCLE);
        }
        Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), roots);
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(configuration,
                List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader());
        ModuleLayer layer = controller.layer();
        Optional<Module> monocle = layer.findModule(MONOCLE);
        if (monocle.isPresent()) {
            for (Module module : layer.modules()) {
                for (String pkg : MONOCLE_NEEDS) {
                    if (module.getPackages().contains(pkg)) {
                        controller.addExports(module, pkg, monocle.get());
                    }
                }
            }
        }
        ClassLoader javafx = layer.findLoader("javafx.graphics");
        URLClassLoader app = new URLClassLoader("ledger-lab", new URL[] {jar.toUri().toURL()}, javafx);
        Thread.currentThread().setContextClassLoader(app);
        try {
            app.loadClass(Main.class.getName()).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start racelab.cli.Main in the JavaFX layer", e);
        }
    }

    /** The jar (or classes folder) this class was loaded from. */
    private static Path ownJar() throws IOException {
        try {
            return Path.of(JavaFxLayer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot tell where ledger-lab.jar is", e);
        }
    }

    /**
     * The real modules among the jars in {@code lib}. Maven also resolves JavaFX's empty per-artifact jars (the
     * classes are in the platform-classifier jars); those would be automatic modules of the same names, so only
     * jars with a module descriptor, and Monocle, are kept.
     */
    private static List<Path> modularJars(Path lib) throws IOException {
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(lib)) {
            return jars;
        }
        try (Stream<Path> files = Files.list(lib)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                Optional<ModuleReference> reference = ModuleFinder.of(file).findAll().stream().findFirst();
                if (reference.isPresent() && (!reference.get().descriptor().isAutomatic()
                        || reference.get().descriptor().name().equals(MONOCLE))) {
                    jars.add(file);
                }
            }
        }
        return jars;
    }
}
