package racelab.explore;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Test-only view of what is alive: lane threads by name, and H2's registry of open in-process databases.
 *
 * <p>H2 keeps every open database in {@code org.h2.engine.Engine.DATABASES} until its last session closes or it
 * is shut down, so "no open database of ours" means "no session of ours". Reading a private field is acceptable
 * in a test: if H2 renames it, the test fails loudly rather than passing vacuously.
 */
final class H2Probe {

    private H2Probe() {
    }

    /** Names of open in-process H2 databases created by the ledger engine. */
    static Set<String> openLabDatabases() {
        try {
            Field field = org.h2.engine.Engine.class.getDeclaredField("DATABASES");
            field.setAccessible(true);
            Map<?, ?> databases = (Map<?, ?>) field.get(null);
            Set<String> names = new TreeSet<>();
            synchronized (databases) {
                for (Object key : databases.keySet()) {
                    if (key.toString().contains("racelab-")) {
                        names.add(key.toString());
                    }
                }
            }
            return names;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read H2's database registry", e);
        }
    }

    /** Live threads whose name starts with {@code prefix}. */
    static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(prefix))
                .count();
    }
}
