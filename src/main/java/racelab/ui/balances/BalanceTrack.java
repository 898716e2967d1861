package racelab.ui.balances;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;

/**
 * A horizontal bar from the zero line to a balance, on the scale of the account's whole run.
 *
 * <p>The zero line doubles as the constraint line: dashed red for accounts with a rule, thin grey otherwise.
 * {@link #valueProperty()} is what animations move.
 */
final class BalanceTrack extends Region {

    private static final double BAR_HEIGHT = 16;
    private final DoubleProperty value = new SimpleDoubleProperty();
    private final Rectangle bar = new Rectangle();
    private final Line zero = new Line();
    private double rangeMin;
    private double rangeMax = 1;

    BalanceTrack(boolean constrained) {
        getStyleClass().add("balance-track");
        bar.getStyleClass().add("balance-bar");
        zero.getStyleClass().add(constrained ? "constraint-line" : "zero-line");
        getChildren().addAll(bar, zero);
        setMinSize(120, 26);
        setPrefSize(180, 26);
        value.addListener((obs, old, now) -> requestLayout());
    }

    /** Draws the bar in the danger colour while the balance breaks the account's rule. */
    void setViolated(boolean violated) {
        bar.getStyleClass().remove("violated");
        if (violated) {
            bar.getStyleClass().add("violated");
        }
    }

    DoubleProperty valueProperty() {
        return value;
    }

    void setRange(long min, long max) {
        rangeMin = Math.min(0, min);
        rangeMax = Math.max(0, max);
        if (rangeMax - rangeMin < 1) {
            rangeMax = rangeMin + 1;
        }
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double padding = 6;
        double width = getWidth() - 2 * padding;
        double height = getHeight();
        double span = rangeMax - rangeMin;
        double zeroX = padding + width * (-rangeMin / span);
        double valueX = padding + width * ((value.get() - rangeMin) / span);
        double left = Math.min(zeroX, valueX);
        bar.setX(left);
        bar.setY((height - BAR_HEIGHT) / 2);
        bar.setWidth(Math.max(Math.abs(valueX - zeroX), value.get() == 0 ? 0 : 2));
        bar.setHeight(BAR_HEIGHT);
        bar.getStyleClass().remove("negative");
        if (value.get() < 0) {
            bar.getStyleClass().add("negative");
        }
        zero.setStartX(zeroX);
        zero.setEndX(zeroX);
        zero.setStartY(1);
        zero.setEndY(height - 1);
    }
}
