package racelab.ui;

import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
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
 * server, started the first time it is chosen, or the user's own server, see {@link #serverProperty()}; opened off
 * the FX thread, with its progress in {@link #statusProperty()}).
 *
 * <p>Pages read {@link #current()} on their worker threads, which waits while PostgreSQL is still starting, and
 * re-run when {@link #revisionProperty()} changes (the chosen database became ready).
 *
 * <p>The password of the user's server is held here, in memory, for as long as the app runs: it is never part of
 * {@link PostgresServerSetting}, so it is never written to the settings, the recent files or any other file. Without
 * one, the PostgreSQL driver looks in {@code ~/.pgpass}.
 */
public final class DatabaseSelection {

    /** The two databases of the switch. */
    public enum Choice { H2, POSTGRES }

    private final Supplier<DatabaseBackend> postgres;
    private final ObjectProperty<PostgresServerSetting> server = new SimpleObjectProperty<>(
            PostgresServerSetting.EMBEDDED);
    /** The server setting and password as worker threads read them (the property is the FX thread's). */
    private volatile PostgresServerSetting wantedServer = PostgresServerSetting.EMBEDDED;
    /** The password for an external server, this run only; read on the opening thread. */
    private volatile String password;
    /** What {@code startedPostgres} was opened with. */
    private PostgresServerSetting startedFor;
    private String startedPassword;
    /** Counts openings started from the FX thread; only the latest one may set the status. */
    private long attempts;
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

    /** @param postgres opens the embedded PostgreSQL backend; may take seconds (called off the FX thread) */
    public DatabaseSelection(Supplier<DatabaseBackend> postgres) {
        this.postgres = postgres;
        choice.addListener((obs, old, now) -> switchTo(now));
    }

    /** Which PostgreSQL server the switch means: embedded (the default) or the user's own. */
    public ReadOnlyObjectProperty<PostgresServerSetting> serverProperty() {
        return server;
    }

    /** Whether a password for the user's server was given in this run (it is never shown or saved). */
    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    /** The password given in this run (memory only), for the settings form to show as dots; may be null. */
    public String sessionPassword() {
        return password;
    }

    /**
     * Uses another PostgreSQL server from now on: the next run on PostgreSQL opens it; if the switch is on
     * PostgreSQL now, it is opened at once, as when the switch is flipped.
     *
     * @param password kept in memory only; null or empty means "let the driver look in ~/.pgpass"
     */
    public void useServer(PostgresServerSetting setting, String password) {
        this.password = password;
        this.wantedServer = setting;
        server.set(setting);
        if (choice.get() == Choice.POSTGRES) {
            switchTo(Choice.POSTGRES);
        }
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
        status.set(server.get().connectingText());
        long attempt = ++attempts;
        Thread starter = new Thread(() -> {
            try {
                DatabaseBackend backend = postgresBackend();
                Platform.runLater(() -> {
                    if (attempt != attempts) {
                        return;
                    }
                    starting.set(false);
                    if (choice.get() == Choice.POSTGRES) {
                        chosen = backend;
                        status.set(backend.serverDescription());
                        revision.set(revision.get() + 1);
                    }
                });
            } catch (RuntimeException e) {
                Platform.runLater(() -> {
                    if (attempt != attempts) {
                        return;
                    }
                    starting.set(false);
                    // Back on H2 first: switching clears the error line, which must then show why.
                    choice.set(Choice.H2);
                    error.set(String.valueOf(e.getMessage()));
                });
            }
        }, "postgres-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** The backend for the server chosen now, opened once per setting and password (one opening at a time). */
    private DatabaseBackend postgresBackend() {
        PostgresServerSetting setting = wantedServer;
        String secret = password;
        synchronized (startLock) {
            if (startedPostgres == null || !setting.equals(startedFor)
                    || !java.util.Objects.equals(secret, startedPassword)) {
                startedPostgres = setting.embedded() ? postgres.get() : setting.open(secret);
                startedFor = setting;
                startedPassword = secret;
            }
            return startedPostgres;
        }
    }
}
