package racelab.ui.walkthrough;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.scenario.Account;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;
import racelab.walkthrough.Stop;

/**
 * What the candidate sees before the reveal: the scene's set-up only (accounts and rules, requests, the fix, the
 * interleaving; or the cluster's settings and faults). Nothing here comes from a run, so nothing can give the
 * answer away.
 */
final class SetupView extends VBox {

    SetupView(Stop stop) {
        setId("stop-setup");
        getStyleClass().add("stop-setup");
        setSpacing(12);
        if (stop.isLedger()) {
            ledger(stop.ledgerScene());
        } else {
            log(stop.logScene(), stop);
        }
    }

    private void ledger(LedgerScene scene) {
        GridPane accounts = table("Account", "Opening balance", "Rule");
        int row = 1;
        for (Account account : scene.accounts()) {
            accounts.addRow(row++, cell(account.id()), cell(Long.toString(account.balance())),
                    cell(account.constraint().yamlName()));
        }
        for (var group : scene.groups()) {
            accounts.addRow(row++, cell(group.id() + " = " + String.join(" + ", group.accounts())), cell(""),
                    cell("sum " + group.constraint().yamlName()));
        }
        GridPane requests = table("Request", "Pays", "Amount", "Served by");
        row = 1;
        for (Transfer transfer : scene.transfers()) {
            requests.addRow(row++, cell(transfer.id() + (transfer.requestKey() == null ? ""
                            : " (key " + transfer.requestKey() + ")")),
                    cell(transfer.from() + " → " + transfer.to()), cell(Long.toString(transfer.amount())),
                    cell(transfer.instance()));
        }
        HBox facts = new HBox(24, section("Accounts", accounts), section("Requests", requests),
                section("Fix", new Label(scene.mitigation() + (scene.idempotencyKeys() ? " · idempotency keys on"
                        : ""))));
        getChildren().addAll(facts, section("The order the database sees", schedule(scene)));
    }

    /** One row per request, one column per position: the interleaving as cards, without any outcome. */
    private static GridPane schedule(LedgerScene scene) {
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.getStyleClass().add("setup-schedule");
        List<StepRef> schedule = scene.schedule();
        List<String> lanes = new java.util.ArrayList<>();
        scene.transfers().forEach(t -> lanes.add(t.id()));
        if (schedule.stream().anyMatch(s -> s.lane().equals(LedgerScene.REPLICA_LANE))) {
            lanes.add(LedgerScene.REPLICA_LANE);
        }
        for (int column = 0; column < schedule.size(); column++) {
            Label number = new Label(Integer.toString(column + 1));
            number.getStyleClass().add("column-number");
            grid.add(number, column + 1, 0);
        }
        for (int lane = 0; lane < lanes.size(); lane++) {
            Label name = new Label(lanes.get(lane));
            name.getStyleClass().add(Styles.TEXT_BOLD);
            grid.add(name, 0, lane + 1);
        }
        for (int column = 0; column < schedule.size(); column++) {
            StepRef step = schedule.get(column);
            Label card = new Label(step.phase());
            card.getStyleClass().add("setup-card");
            card.setId("setup-" + step.lane() + "-" + step.phase());
            grid.add(card, column + 1, lanes.indexOf(step.lane()) + 1);
        }
        return grid;
    }

    private void log(LogScene scene, Stop stop) {
        GridPane settings = table("Setting", "Value");
        int row = 1;
        for (Map.Entry<String, String> setting : scene.settings().entrySet()) {
            settings.addRow(row++, cell(setting.getKey()), cell(setting.getValue()
                    + (stop.settings().containsKey(setting.getKey()) ? "  (this stop)" : "")));
        }
        if (scene.settings().isEmpty()) {
            settings.addRow(row, cell("(Kafka 4.x defaults)"), cell(""));
        }
        GridPane faults = table("At", "Fault", "Note");
        row = 1;
        for (Fault fault : scene.faults()) {
            faults.addRow(row++, cell(fault.isByPosition() ? "after event " + fault.afterEvent()
                    : fault.atMs() / 1000.0 + " s"), cell(fault.describe()), cell(
                    fault.note() == null ? "" : fault.note()));
        }
        var workload = scene.workload();
        Label load = new Label(workload.transfers() + " journal entries at " + workload.ratePerSecond() + "/s over "
                + workload.accounts() + " accounts · seed " + scene.seed());
        load.setWrapText(true);
        HBox facts = new HBox(24, section("Settings", settings), section("Workload", load));
        getChildren().addAll(facts, section("Faults", faults));
    }

    private static VBox section(String title, javafx.scene.Node body) {
        Label label = new Label(title);
        label.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(6, label, body);
        box.getStyleClass().add("panel");
        HBox.setHgrow(box, Priority.SOMETIMES);
        return box;
    }

    private static GridPane table(String... headers) {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(4);
        grid.setPadding(new Insets(2));
        for (int i = 0; i < headers.length; i++) {
            Label header = new Label(headers[i]);
            header.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            grid.add(header, i, 0);
        }
        grid.setAlignment(Pos.TOP_LEFT);
        return grid;
    }

    private static Label cell(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(520);
        return label;
    }
}
