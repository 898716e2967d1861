package racelab.ui;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/**
 * The right-hand panel of a log page (the cluster page's balances and lineage, the timeline's balances and
 * forensics): titled sections in one card, in an edge-to-edge scroll pane that scrolls only vertically. Only the
 * widths and the margins differ between pages.
 */
public final class SidePanel {

    private SidePanel() {
    }

    /** A section title. */
    public static Label title(String text) {
        Label title = new Label(text);
        title.getStyleClass().add(Styles.TITLE_4);
        return title;
    }

    /**
     * @param prefWidthPx the panel's preferred width
     * @param minWidthPx the narrowest it gets when the window is narrow
     * @param margin around the card
     * @param sections titles and contents, top to bottom
     */
    public static ScrollPane of(double prefWidthPx, double minWidthPx, Insets margin, Node... sections) {
        VBox card = new VBox(8, sections);
        card.getStyleClass().add("panel");
        VBox side = new VBox(card);
        side.setPadding(margin);
        ScrollPane scroll = new ScrollPane(side);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(prefWidthPx);
        scroll.setMinWidth(minWidthPx);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }
}
