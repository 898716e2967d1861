package racelab.crosscheck.child;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A child's properties file: Kafka config names go to Kafka's own config classes untouched; names starting with
 * {@code racelab.} are the harness's (instance id, topic names, the idempotent-processor switch).
 */
final class ChildConfig {

    static final String PREFIX = "racelab.";

    final Map<String, Object> kafka = new HashMap<>();
    final Map<String, String> own = new HashMap<>();

    private ChildConfig() {
    }

    static ChildConfig load(String path) throws IOException {
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(path)) {
            props.load(in);
        }
        ChildConfig c = new ChildConfig();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                c.own.put(name.substring(PREFIX.length()), props.getProperty(name));
            } else {
                c.kafka.put(name, props.getProperty(name));
            }
        }
        return c;
    }

    String own(String name) {
        String v = own.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing racelab." + name);
        }
        return v;
    }

    /** Line-oriented status for the parent, which reads the child's stdout. */
    static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
