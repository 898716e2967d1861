package racelab.ui.logview;

import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * One replica's log as a bar: the flushed part (on disk, survives a power cut) in green, the written but
 * unflushed part (page cache, lost in a power cut) in amber, both on the partition's scale.
 */
final class ReplicaBar extends Region {

    private final Rectangle flushed = new Rectangle();
    private final Rectangle unflushed = new Rectangle();
    private final Rectangle lost = new Rectangle();
    private final Rectangle frame = new Rectangle();
    private final double flushedFraction;
    private final double writtenFraction;
    private final double lostFraction;

    /**
     * @param lostUpToOffset what this replica had written at the previous moment, when more than now: the part
     *     a power cut or truncation took away, drawn red
     */
    ReplicaBar(long flushedOffset, long writtenOffset, long lostUpToOffset, long scaleOffset) {
        getStyleClass().add("replica-bar");
        frame.getStyleClass().add("replica-frame");
        flushed.getStyleClass().add("log-flushed");
        unflushed.getStyleClass().add("log-unflushed");
        lost.getStyleClass().add("log-lost");
        getChildren().addAll(frame, lost, unflushed, flushed);
        double scale = Math.max(1, scaleOffset);
        flushedFraction = Math.min(1, Math.max(0, flushedOffset) / scale);
        writtenFraction = Math.min(1, Math.max(0, writtenOffset) / scale);
        lostFraction = Math.min(1, Math.max(writtenOffset, lostUpToOffset) / scale);
        setMinSize(60, 10);
        setPrefSize(140, 10);
    }

    @Override
    protected void layoutChildren() {
        double width = getWidth();
        double height = getHeight();
        frame.setWidth(width);
        frame.setHeight(height);
        lost.setWidth(width * lostFraction);
        lost.setHeight(height);
        unflushed.setWidth(width * writtenFraction);
        unflushed.setHeight(height);
        flushed.setWidth(width * flushedFraction);
        flushed.setHeight(height);
    }
}
