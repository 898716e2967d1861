package racelab.ui.shell;

import atlantafx.base.controls.ToggleSwitch;
import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;

/**
 * The thin controller of {@code Header.fxml}: binds the header's controls to the {@link ShellViewModel} and hands
 * the window-level actions (dialogs, windows) back to the {@link ShellView}. The layout lives in the FXML, so it can
 * be rearranged in Scene Builder without touching code.
 */
public final class HeaderController {

    /** What the header asks the window to do; the shell view implements it. */
    public interface Actions {
        void openFile();

        void measure();

        void about();
    }

    private final ShellViewModel model;
    private final Actions actions;

    @FXML
    private HBox header;
    @FXML
    private ToggleButton compare;
    @FXML
    private Button measure;
    @FXML
    private Button open;
    @FXML
    private MenuButton recent;
    @FXML
    private ToggleSwitch dark;
    @FXML
    private Button about;

    HeaderController(ShellViewModel model, Actions actions) {
        this.model = model;
        this.actions = actions;
    }

    /** Loads {@code Header.fxml} with a controller bound to {@code model}. */
    static HeaderController load(ShellViewModel model, Actions actions) {
        FXMLLoader loader = new FXMLLoader(HeaderController.class.getResource("Header.fxml"));
        loader.setClassLoader(HeaderController.class.getClassLoader());
        loader.setControllerFactory(type -> new HeaderController(model, actions));
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Header.fxml is part of the jar and cannot be read", e);
        }
        return loader.getController();
    }

    @FXML
    private void initialize() {
        compare.selectedProperty().bindBidirectional(model.comparingProperty());
        dark.selectedProperty().bindBidirectional(model.darkProperty());
    }

    /** The header itself. */
    public HBox view() {
        return header;
    }

    /** The recent-files menu, filled by the shell view. */
    MenuButton recentMenu() {
        return recent;
    }

    /** Adds a feature's control (walkthroughs, backend switch, ...) to the tools, before "Compare fixes". */
    public void addTool(Node tool) {
        // Like the header's own controls, a tool keeps its full width: when the window is narrow, the tagline gives
        // way first, never a button's label (seen: "Walkthrou…", "PostgreS…" once the server button was added).
        if (tool instanceof javafx.scene.layout.Region region) {
            region.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        header.getChildren().add(header.getChildren().indexOf(compare), tool);
    }

    @FXML
    private void measure() {
        actions.measure();
    }

    @FXML
    private void openFile() {
        actions.openFile();
    }

    @FXML
    private void about() {
        actions.about();
    }
}
