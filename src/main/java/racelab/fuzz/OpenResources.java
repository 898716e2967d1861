package racelab.fuzz;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a campaign may leave behind: in-memory H2 databases that were never dropped and threads still running.
 *
 * <p>H2 keeps every open database in {@code org.h2.engine.Engine.DATABASES} (a private static map in H2 2.x); an
 * in-memory database opened with {@code DB_CLOSE_DELAY=-1} stays there until it is dropped or shut down, so the map
 * is the one place a leak shows. It is read reflectively because H2 has no public API for it.
 */
public final class OpenResources {

    private OpenResources() {
    }

    /** Names of the lab's in-memory H2 databases still open in this JVM, or a one-item list saying why unknown. */
    public static List<String> openLabDatabases() {
        try {
            Field field = Class.forName("org.h2.engine.Engine").getDeclaredField("DATABASES");
            field.setAccessible(true);
            Map<?, ?> databases = (Map<?, ?>) field.get(null);
            List<String> names = new ArrayList<>();
            synchronized (databases) {
                for (Object name : databases.keySet()) {
                    if (String.valueOf(name).contains("racelab-")) {
                        names.add(String.valueOf(name));
                    }
                }
            }
            return names;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of("(cannot inspect H2's open databases: " + e.getClass().getSimpleName() + ")");
        }
    }

    /** Threads alive now that were not alive in {@code before}, by name. */
    public static List<String> threadsStartedSince(Set<Thread> before) {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !before.contains(thread) && !isJvmOwned(thread)) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    /** Threads the JVM or the common pool may start lazily on their own; not the lab's to close. */
    private static boolean isJvmOwned(Thread thread) {
        String name = thread.getName();
        return name.startsWith("ForkJoinPool.commonPool") || name.startsWith("Common-Cleaner")
                || name.equals("Attach Listener") || name.startsWith("process reaper") || name.startsWith("surefire-");
    }

    public static Set<Thread> liveThreads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }
}
