package racelab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The application's name and version, from the {@code racelab/version.properties} that Maven fills in. */
public final class LabVersion implements IVersionProvider {

    private static final Properties PROPERTIES = load();

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from unfiltered sources. */
    public static String version() {
        String version = PROPERTIES.getProperty("version", "unknown");
        return version.startsWith("${") ? "unknown" : version;
    }

    /** The product name shown to users. */
    public static String name() {
        String name = PROPERTIES.getProperty("name", "Ledger Race Lab");
        return name.startsWith("${") ? "Ledger Race Lab" : name;
    }

    @Override
    public String[] getVersion() {
        return new String[] {name() + " " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = LabVersion.class.getResourceAsStream("/racelab/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // No version file: version() says "unknown" rather than failing a command.
        }
        return properties;
    }
}
