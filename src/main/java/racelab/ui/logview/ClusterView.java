package racelab.ui.logview;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import racelab.logsim.result.ClusterSnapshot;
import racelab.logsim.result.MachineSnapshot;
import racelab.logsim.result.PartitionSnapshot;
import racelab.logsim.result.ReplicaSnapshot;
import racelab.logsim.result.TaskSnapshot;
import racelab.ui.Motion;

/**
 * The cluster at one moment: a card per machine. Brokers show each replica they host as written vs flushed, with
 * leader and ISR marks; app instances show their stream task (store, cache, checkpoint, producer buffer).
 */
final class ClusterView extends VBox {

    private static final PseudoClass DOWN = PseudoClass.getPseudoClass("down");

    private final FlowPane machines = new FlowPane(10, 10);
    private final VBox topics = new VBox(4);

    ClusterView() {
        setId("cluster-view");
        setSpacing(10);
        Label legend = new Label("Replica logs: green = flushed to disk, amber = written to the page cache only "
                + "(lost when the machine loses power), red = lost since the previous moment.  ★ leader   ISR = in sync");
        legend.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        legend.setWrapText(true);
        getChildren().addAll(machines, legend, topics);
    }

    /**
     * @param previous the moment shown before, so a task's store can be seen filling up during a restore
     */
    void show(ClusterSnapshot snapshot, ClusterSnapshot previous) {
        machines.getChildren().clear();
        topics.getChildren().clear();
        if (snapshot == null) {
            return;
        }
        for (MachineSnapshot machine : snapshot.machines()) {
            machines.getChildren().add(machineCard(machine, snapshot, previous));
        }
        Label title = new Label("Topics and committed offsets");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        topics.getChildren().add(title);
        GridPane grid = new GridPane();
        grid.setHgap(18);
        grid.setVgap(2);
        String[] headings = {"partition", "leader", "epoch", "ISR", "high watermark"};
        for (int column = 0; column < headings.length; column++) {
            Label heading = new Label(headings[column]);
            heading.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            grid.add(heading, column, 0);
        }
        int row = 1;
        for (PartitionSnapshot partition : snapshot.partitions()) {
            String leader = partition.leader() == null ? "none" : partition.leader();
            if (partition.uncleanElections() > 0) {
                leader += " (unclean ×" + partition.uncleanElections() + ")";
            }
            Label[] cells = {new Label(partition.partition()), new Label(leader),
                new Label(Integer.toString(partition.leaderEpoch())), new Label(String.join(", ", partition.isr())),
                new Label(Long.toString(partition.highWatermark()))};
            for (int column = 0; column < cells.length; column++) {
                cells[column].getStyleClass().add("mono");
                grid.add(cells[column], column, row);
            }
            row++;
        }
        topics.getChildren().add(grid);
        for (Map.Entry<String, Long> offset : snapshot.committedOffsets().entrySet()) {
            Label line = new Label("committed input offset of " + offset.getKey() + ": "
                    + ClusterSnapshot.describeCommittedOffset(offset.getValue()));
            line.setId("committed-" + offset.getKey());
            topics.getChildren().add(line);
        }
    }

    private Node machineCard(MachineSnapshot machine, ClusterSnapshot snapshot, ClusterSnapshot previous) {
        Label name = new Label(machine.id());
        name.getStyleClass().add(Styles.TEXT_BOLD);
        Label state = new Label(stateText(machine));
        state.getStyleClass().addAll("machine-state", machine.up() ? "up" : "down");
        Label domain = new Label("power domain " + machine.powerDomain());
        domain.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox head = new HBox(8, name, state);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(4, head, domain);
        card.getStyleClass().add("machine");
        card.setId("machine-" + machine.id());
        card.pseudoClassStateChanged(DOWN, !machine.up());
        card.setPrefWidth(300);
        card.setMinWidth(300);

        for (PartitionSnapshot partition : snapshot.partitions()) {
            long scale = 1;
            for (ReplicaSnapshot replica : partition.replicas()) {
                scale = Math.max(scale, Math.max(replica.writtenOffset(), before(previous, partition, replica)));
            }
            for (ReplicaSnapshot replica : partition.replicas()) {
                if (replica.broker().equals(machine.id())) {
                    card.getChildren().add(replicaRow(partition, replica, before(previous, partition, replica),
                            scale));
                }
            }
        }
        for (TaskSnapshot task : snapshot.tasks()) {
            if (task.instance().equals(machine.id())) {
                card.getChildren().add(taskBox(task, find(previous, task)));
            }
        }
        return card;
    }

    /** What the same replica had written at the previous moment, or -1. */
    private static long before(ClusterSnapshot previous, PartitionSnapshot partition, ReplicaSnapshot replica) {
        if (previous == null) {
            return -1;
        }
        for (PartitionSnapshot old : previous.partitions()) {
            if (old.partition().equals(partition.partition())) {
                for (ReplicaSnapshot oldReplica : old.replicas()) {
                    if (oldReplica.broker().equals(replica.broker())) {
                        return oldReplica.writtenOffset();
                    }
                }
            }
        }
        return -1;
    }

    private static Node replicaRow(PartitionSnapshot partition, ReplicaSnapshot replica, long previousWritten,
            long scale) {
        String marks = (replica.leader() ? "★ " : "") + (replica.inIsr() ? "ISR" : "out of ISR");
        Label name = new Label(partition.partition());
        name.getStyleClass().add(Styles.TEXT_SMALL);
        name.setMinWidth(120);
        name.setPrefWidth(120);
        Label mark = new Label(marks);
        mark.getStyleClass().addAll(Styles.TEXT_SMALL, replica.inIsr() ? "in-isr" : "out-of-isr");
        mark.setMinWidth(Region.USE_PREF_SIZE);
        ReplicaBar bar = new ReplicaBar(replica.flushedOffset(), replica.writtenOffset(), previousWritten, scale);
        HBox.setHgrow(bar, Priority.ALWAYS);
        HBox line = new HBox(6, name, bar, mark);
        line.setAlignment(Pos.CENTER_LEFT);
        Tooltip.install(line, new Tooltip(partition.partition() + " on " + replica.broker() + "\nwritten up to "
                + replica.writtenOffset() + ", flushed up to " + replica.flushedOffset() + ", log start "
                + replica.logStartOffset() + (previousWritten > replica.writtenOffset()
                        ? "\nlost since the previous moment: offsets " + replica.writtenOffset() + ".."
                                + (previousWritten - 1) : "")));
        return line;
    }

    private static Node taskBox(TaskSnapshot task, TaskSnapshot before) {
        Label title = new Label("stream task " + task.task() + " · " + task.state());
        title.getStyleClass().addAll(Styles.TEXT_BOLD, Styles.TEXT_SMALL);
        ProgressBar store = new ProgressBar();
        store.setMaxWidth(Double.MAX_VALUE);
        store.getStyleClass().add(Styles.SMALL);
        double target = task.storeAccounts() == 0 ? 0 : 1;
        double from = before == null || before.storeAccounts() == 0 ? 0 : 1;
        if ("RESTORING".equals(task.state())) {
            target = 0.5;
        }
        animate(store, from, target);
        Label storeText = new Label("store " + task.storeAccounts() + " accounts · cache " + task.cachedAccounts()
                + " dirty · flushed " + task.flushedAccounts());
        storeText.getStyleClass().add(Styles.TEXT_SMALL);
        storeText.setWrapText(true);
        Label offsets = new Label("input position " + task.position() + " · changelog acked "
                + task.changelogAckedOffset() + " · checkpoint "
                + (task.checkpointOffset() < 0 ? "none" : Long.toString(task.checkpointOffset())));
        offsets.getStyleClass().add(Styles.TEXT_SMALL);
        offsets.setWrapText(true);
        Label producer = new Label("producer buffer: " + task.unacknowledgedRecords() + " records not yet acked");
        producer.getStyleClass().add(Styles.TEXT_SMALL);
        producer.setWrapText(true);
        VBox box = new VBox(3, title, store, storeText, offsets, producer);
        box.getStyleClass().add("task-box");
        box.setId("task-" + task.instance() + "-" + task.task());
        return box;
    }

    /** The store filling up as it is rebuilt from the changelog; immediate when animations are off. */
    private static void animate(ProgressBar bar, double from, double to) {
        if (Motion.off() || from == to) {
            bar.setProgress(to);
            return;
        }
        bar.setProgress(from);
        new Timeline(new KeyFrame(Motion.stepDuration().multiply(3), new KeyValue(bar.progressProperty(), to)))
                .play();
    }

    private static TaskSnapshot find(ClusterSnapshot snapshot, TaskSnapshot task) {
        if (snapshot == null) {
            return null;
        }
        for (TaskSnapshot candidate : snapshot.tasks()) {
            if (candidate.instance().equals(task.instance()) && candidate.task() == task.task()) {
                return candidate;
            }
        }
        return null;
    }

    private static String stateText(MachineSnapshot machine) {
        List<String> parts = new ArrayList<>();
        parts.add(machine.up() ? "up" : "down");
        if (machine.paused()) {
            parts.add("paused");
        }
        if (machine.isolated()) {
            parts.add("isolated");
        }
        if (machine.fenced()) {
            parts.add("fenced");
        }
        return String.join(" · ", parts);
    }
}
