package racelab.ui.icon;

import javafx.scene.Group;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.StrokeLineCap;

/**
 * The application icon, drawn from shapes (the source asset; no bitmap is kept in the repository): a ledger's
 * three balance bars on a dark tile, the last one pushed below the red zero line, as in the double spend, and a
 * lightning bolt for the race.
 *
 * <p>The same drawing is the window icon and, rendered by the hidden {@code icon} command, the PNG that jpackage
 * puts into the app image and the {@code .deb}.
 */
public final class AppIcon {

    /** The design is drawn on a 256-unit square and scaled. */
    private static final double UNIT = 256;

    private AppIcon() {
    }

    /** The icon as shapes, {@code sizePx} square. */
    public static Group node(double sizePx) {
        Rectangle frame = new Rectangle(0, 0, UNIT, UNIT);
        frame.setFill(Color.TRANSPARENT);
        Rectangle tile = new Rectangle(8, 8, 240, 240);
        tile.setArcWidth(56);
        tile.setArcHeight(56);
        tile.setFill(Color.web("#1f2a44"));
        Line zero = new Line(40, 168, 216, 168);
        zero.setStroke(Color.web("#ff6b6b"));
        zero.setStrokeWidth(6);
        zero.getStrokeDashArray().setAll(14.0, 10.0);
        zero.setStrokeLineCap(StrokeLineCap.ROUND);
        Rectangle first = bar(52, 72, 96, "#4dabf7");
        Rectangle second = bar(106, 112, 56, "#4dabf7");
        Rectangle broken = bar(160, 168, 46, "#ff6b6b");
        Polygon bolt = new Polygon(150, 28, 108, 104, 136, 104, 116, 160, 176, 80, 146, 80, 168, 28);
        bolt.setFill(Color.web("#ffd43b"));
        bolt.setStroke(Color.web("#1f2a44"));
        bolt.setStrokeWidth(6);
        Group icon = new Group(frame, tile, first, second, broken, zero, bolt);
        icon.getTransforms().add(new javafx.scene.transform.Scale(sizePx / UNIT, sizePx / UNIT, 0, 0));
        return icon;
    }

    /** The icon as an image with a transparent background; call on the JavaFX thread. */
    public static WritableImage image(int sizePx) {
        SnapshotParameters parameters = new SnapshotParameters();
        parameters.setFill(Color.TRANSPARENT);
        return node(sizePx).snapshot(parameters, null);
    }

    private static Rectangle bar(double x, double top, double heightPx, String color) {
        Rectangle bar = new Rectangle(x, top, 44, heightPx);
        bar.setArcWidth(10);
        bar.setArcHeight(10);
        bar.setFill(Color.web(color));
        return bar;
    }
}
