package racelab.explore;

import java.util.List;
import racelab.ledger.LedgerRun;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * A {@link ScheduleRunner} that survives one bad run: when a run throws (the database failed, not a statement that
 * was refused, which is an outcome), the runner it used is closed, a fresh one is opened and the same schedule is
 * replayed once on it. A second failure of the same schedule is thrown as {@link EngineFailure}, which the explorer
 * records as an engine error before going on; the next schedule gets a fresh runner again.
 *
 * <p>Why: a search of tens of thousands of runs on embedded H2 must not lose what it found because H2 failed
 * internally once (seen: an NPE inside H2 2.4 while reading {@code INFORMATION_SCHEMA.SESSIONS}). A failed engine
 * may hold half-run transactions, so it is never reused.
 */
public final class FreshRunnerOnFailure implements ScheduleRunner {

    /** A schedule failed on two engines in a row; the search records it and goes on. */
    public static final class EngineFailure extends Exception {
        private static final long serialVersionUID = 1L;

        EngineFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ScheduleRunnerFactory factory;
    private final LedgerScene scene;
    private ScheduleRunner current;
    private int reopened;

    /** Opens the first runner at once, so a scene the database cannot even create fails here, not later. */
    public FreshRunnerOnFailure(ScheduleRunnerFactory factory, LedgerScene scene) throws Exception {
        this.factory = factory;
        this.scene = scene;
        this.current = factory.open(scene);
    }

    /** How many times a fresh runner replaced a failed one. */
    public int reopened() {
        return reopened;
    }

    @Override
    public LedgerRun run(String mitigation, List<StepRef> schedule) throws Exception {
        Exception first;
        try {
            return current().run(mitigation, schedule);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            first = e;
        }
        replaceCurrent();
        try {
            return current().run(mitigation, schedule);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception second) {
            replaceCurrent();
            second.addSuppressed(first);
            throw new EngineFailure("the schedule failed on two fresh engines: " + second, second);
        }
    }

    private ScheduleRunner current() throws Exception {
        if (current == null) {
            current = factory.open(scene);
        }
        return current;
    }

    private void replaceCurrent() {
        ScheduleRunner failed = current;
        current = null;
        reopened++;
        if (failed != null) {
            try {
                failed.close();
            } catch (RuntimeException ignored) {
                // a failed engine may not close cleanly; its threads are daemons and its database is dropped
            }
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
