package racelab.ui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/** The "Cancel" button of a page's run: shown while the run is on; the page is idle again at once. */
public final class RunCancelButton {

    private RunCancelButton() {
    }

    public static Button create(ObservableBooleanValue running, Runnable cancel) {
        Button button = new Button("Cancel");
        button.setId("cancel-run");
        button.setTooltip(new Tooltip("Stop this run; the page keeps the last result it showed"));
        button.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(running::get, running));
        button.managedProperty().bind(button.visibleProperty());
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setOnAction(e -> cancel.run());
        return button;
    }
}
