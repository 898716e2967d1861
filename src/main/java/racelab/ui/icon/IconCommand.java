package racelab.ui.icon;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import racelab.cli.LabCommand;
import racelab.cli.UsageException;
import racelab.ui.snapshot.HeadlessFx;
import racelab.ui.snapshot.SnapshotCommand;

/** {@code icon --out FILE.png [--size N]}: renders {@link AppIcon} headless; the packaging build uses it. */
@Command(name = "icon", hidden = true, description = "Render the application icon to a PNG (used by the packaging "
        + "build).")
public final class IconCommand extends LabCommand {

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG.")
    Path out;

    @Option(names = "--size", paramLabel = "PX", description = "Width and height, 16..1024.")
    int sizePx = 256;

    @Override
    protected int run(PrintWriter stdout, PrintWriter err) throws UsageException {
        if (sizePx < 16 || sizePx > 1024) {
            throw new UsageException("--size must be between 16 and 1024, found " + sizePx);
        }
        HeadlessFx.start();
        try {
            SnapshotCommand.write(SnapshotCommand.onFx(() -> AppIcon.image(sizePx)), out);
        } catch (IOException e) {
            err.println("ledger-lab icon: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        stdout.println("wrote " + out);
        return 0;
    }
}
