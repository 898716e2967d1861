package racelab.ui.shell;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** The About box: what the lab is for and what runs underneath. */
public final class AboutDialog {

    private AboutDialog() {
    }

    public static Alert create(Window owner) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle("About Ledger Race Lab");
        alert.setHeaderText("Ledger Race Lab");
        alert.setContentText(String.join("\n",
                "A teaching lab for two ledger bugs:",
                "  1. check-then-act races on a SQL ledger (real embedded H2, one connection per request),",
                "  2. lost or doubled writes in a Kafka Streams ledger after a power cut",
                "     (a deterministic, seeded Kafka-like simulator).",
                "",
                "Drag steps on the timeline to change the interleaving, switch mitigations, and replay",
                "every step with its real SQL and the balances it leaves behind.",
                "",
                "Java " + System.getProperty("java.version") + " · JavaFX " + System.getProperty("javafx.version", "21")
                        + " · AtlantaFX 2.0.1 · H2 2.4"));
        alert.getDialogPane().setId("about-dialog");
        alert.getDialogPane().setMinWidth(560);
        return alert;
    }
}
