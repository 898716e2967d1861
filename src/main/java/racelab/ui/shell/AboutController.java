package racelab.ui.shell;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import racelab.cli.LabVersion;
import racelab.ui.icon.AppIcon;

/** The thin controller of {@code About.fxml}: fills in what depends on the running build. */
public final class AboutController {

    @FXML
    private ImageView icon;
    @FXML
    private Label title;
    @FXML
    private Label runtime;

    @FXML
    private void initialize() {
        icon.setImage(AppIcon.image(144));
        title.setText(LabVersion.name() + " " + LabVersion.version());
        runtime.setText("Java " + System.getProperty("java.version") + " · JavaFX "
                + System.getProperty("javafx.runtime.version", System.getProperty("javafx.version", "21"))
                + " · AtlantaFX 2.0.1 · H2 2.4 · picocli 4.7");
    }
}
