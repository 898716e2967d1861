package racelab.ui;

import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.H2Backend;
import racelab.postgres.PostgresBackend;

/**
 * The database the ledger pages run on, chosen in the header: H2 (embedded, the default) or PostgreSQL (the embedded
 * server, started the first time it is chosen, off the FX thread, with its progress in {@link #statusProperty()}).
 *
 * <p>Pages read {@link #current()} on their worker threads, which waits while PostgreSQL is still starting, and
 * re-run when {@link #revisionProperty()} changes (the chosen database became ready).
 */
public final class DatabaseSelection {

    /** The two databases of the switch. */
    public enum Choice { H2, POSTGRES }

    private final Supplier<DatabaseBackend> postgres;
    private final ObjectProperty<Choice> choice = new SimpleObjectProperty<>(Choice.H2);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(H2Backend.INSTANCE.serverDescription());
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper starting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(0);
    private volatile DatabaseBackend chosen = H2Backend.INSTANCE;
    /** The switch's position, readable from worker threads. */
    private volatile Choice wanted = Choice.H2;
    private DatabaseBackend startedPostgres;
    private final Object startLock = new Object();

    /** The switch over H2 and the embedded PostgreSQL server. */
    public DatabaseSelection() {
        this(PostgresBackend::embedded);
    }

    /** @param postgres opens the PostgreSQL backend; may take seconds (called off the FX thread) */
    public DatabaseSelection(Supplier<DatabaseBackend> postgres) {
        this.postgres = postgres;
        choice.addListener((obs, old, now) -> switchTo(now));
    }

    /** H2 or PostgreSQL, as the header's switch shows it. */
    public ObjectProperty<Choice> choiceProperty() {
        return choice;
    }

    /** The database in people's words, with its version, or what is happening to it ("starting ..."). */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why PostgreSQL could not be used, one line; empty when it could. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty startingProperty() {
        return starting.getReadOnlyProperty();
    }

    /** Goes up each time the chosen database became ready; pages re-run their scene on it. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /**
     * The chosen database, for a worker thread: waits while PostgreSQL starts.
     *
     * @throws racelab.postgres.PostgresUnavailableException when PostgreSQL was chosen and does not start
     */
    public DatabaseBackend current() {
        return wanted == Choice.POSTGRES ? postgresBackend() : H2Backend.INSTANCE;
    }

    /** The chosen database right now, without waiting: H2 until PostgreSQL is ready. */
    public DatabaseBackend ready() {
        return chosen;
    }

    private void switchTo(Choice now) {
        wanted = now;
        error.set("");
        if (now == Choice.H2) {
            chosen = H2Backend.INSTANCE;
            status.set(H2Backend.INSTANCE.serverDescription());
            revision.set(revision.get() + 1);
            return;
        }
        starting.set(true);
        status.set("starting PostgreSQL 17 (embedded; the first start takes a few seconds)…");
        Thread starter = new Thread(() -> {
            try {
                DatabaseBackend backend = postgresBackend();
                Platform.runLater(() -> {
                    starting.set(false);
                    if (choice.get() == Choice.POSTGRES) {
                        chosen = backend;
                        status.set(backend.serverDescription());
                        revision.set(revision.get() + 1);
                    }
                });
            } catch (RuntimeException e) {
                Platform.runLater(() -> {
                    starting.set(false);
                    error.set(String.valueOf(e.getMessage()));
                    choice.set(Choice.H2);
                });
            }
        }, "postgres-start");
        starter.setDaemon(true);
        starter.start();
    }

    private DatabaseBackend postgresBackend() {
        synchronized (startLock) {
            if (startedPostgres == null) {
                startedPostgres = postgres.get();
            }
            return startedPostgres;
        }
    }
}
