package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;
import racelab.postgres.EmbeddedPostgresServer;
import racelab.postgres.SharedPostgres;
import racelab.ui.shell.AppPreferences;

/**
 * Closing the app's last window ends the JavaFX application, which calls {@link LedgerLabApp#stop()}: that stops the
 * embedded PostgreSQL server the app started and removes its data directory, before the JVM exits (the shutdown
 * hook and the watchdog are only the second and third line). The next test that needs the server starts a new one.
 */
class AppStopStopsPostgresTest {

    @Test
    void stoppingTheAppStopsTheEmbeddedServerAndRemovesItsData() throws Exception {
        SharedPostgres.backend();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        long postmaster = server.postmasterPid();
        Path data = server.dataDirectory();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);

        Preferences node = Preferences.userRoot().node("racelab/ui-test-stop/" + UUID.randomUUID());
        try {
            new LedgerLabApp(new AppPreferences(node), LabBackends.ledger(), LabBackends.log()).stop();
        } finally {
            node.removeNode();
        }

        assertThat(EmbeddedPostgresServer.running()).isFalse();
        // stop() returns after the postmaster has exited (it waits for it); a zombie not yet reaped by init is gone.
        assertThat(running(postmaster)).as("postmaster %d", postmaster).isFalse();
        assertThat(Files.exists(data)).as("data directory %s", data).isFalse();
    }

    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
