package racelab.ui.shell;

import atlantafx.base.theme.Styles;
import java.nio.file.Paths;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import racelab.scenario.SceneFormatException;

/**
 * A scene that cannot be opened: where ({@code file:line:column}), what was expected, and the offending lines
 * of the file with a caret under the column, so a trainer can fix their scene without reading a stack trace.
 */
public final class ErrorPanel extends VBox {

    private static final int CONTEXT_LINES = 2;

    public ErrorPanel(SceneFormatException error, Runnable reopen, Runnable openOther) {
        setId("error-panel");
        getStyleClass().add("error-panel");
        setMaxWidth(860);
        setAlignment(Pos.TOP_LEFT);

        Label title = new Label("This scene cannot be opened");
        title.getStyleClass().add(Styles.TITLE_3);
        Label location = new Label(error.file() + ":" + error.line() + ":" + error.column());
        location.setId("error-location");
        location.getStyleClass().add("error-location");
        Label problem = new Label(error.problem());
        problem.setId("error-problem");
        problem.setWrapText(true);
        problem.getStyleClass().add(Styles.TEXT_BOLD);

        VBox source = new VBox(0);
        source.getStyleClass().add("error-source");
        for (Label line : sourceLines(error)) {
            source.getChildren().add(line);
        }
        source.setVisible(!source.getChildren().isEmpty());
        source.setManaged(!source.getChildren().isEmpty());

        Label advice = new Label("Fix the file in any editor and press Reload. The format is described in "
                + "scenes/README.md.");
        advice.setWrapText(true);
        advice.getStyleClass().add(Styles.TEXT_MUTED);
        Button reload = new Button("Reload");
        reload.setId("error-reload");
        reload.getStyleClass().add(Styles.ACCENT);
        reload.setOnAction(e -> reopen.run());
        Button other = new Button("Open file…");
        other.setOnAction(e -> openOther.run());
        HBox actions = new HBox(8, reload, other);

        getChildren().addAll(title, location, problem, source, advice, actions);
    }

    private static final int SHOWN_LINE_MAX = 200;

    private static List<Label> sourceLines(SceneFormatException error) {
        List<String> lines;
        try {
            // The size-checked reader: a file refused for its size or its bytes shows no source, it is not read whole.
            lines = racelab.scenario.YamlNode.readFile(Paths.get(error.file())).lines().toList();
        } catch (Exception e) {
            return List.of();
        }
        List<Label> labels = new java.util.ArrayList<>();
        int first = Math.max(1, error.line() - CONTEXT_LINES);
        int last = Math.min(lines.size(), error.line() + CONTEXT_LINES);
        for (int number = first; number <= last; number++) {
            String line = lines.get(number - 1);
            // A 100,000-character line would freeze the layout; the panel shows where the column is, not all of it.
            String shown = line.length() <= SHOWN_LINE_MAX ? line : line.substring(0, SHOWN_LINE_MAX) + " …";
            String text = String.format("%4d | %s", number, shown);
            Label label = new Label(text);
            label.getStyleClass().add("mono");
            labels.add(label);
            if (number == error.line()) {
                label.getStyleClass().add("line-bad");
                String caret = " ".repeat(7 + Math.min(SHOWN_LINE_MAX, Math.max(0, error.column() - 1))) + "^ "
                        + error.problem();
                Label pointer = new Label(caret);
                pointer.getStyleClass().addAll("mono", "line-bad");
                labels.add(pointer);
            }
        }
        return labels;
    }
}
