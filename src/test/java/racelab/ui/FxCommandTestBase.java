package racelab.ui;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.testfx.api.FxToolkit;
import racelab.cli.Main;

/**
 * A command that renders JavaFX (snapshot, bench-timeline) run through {@link Main#run} with its output captured.
 * The toolkit is started the TestFX way when such a class runs first in the JVM, so the TestFX tests that follow
 * find the toolkit they expect (the command then reuses it).
 */
@Tag("ui")
public abstract class FxCommandTestBase {

    @BeforeAll
    protected static void startToolkitLikeTestFx() throws Exception {
        System.setProperty("headless.geometry", "1920x1200-32");
        FxToolkit.registerPrimaryStage();
    }

    protected final ByteArrayOutputStream out = new ByteArrayOutputStream();
    protected final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs the command line {@code args}; returns its exit code. */
    protected int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
