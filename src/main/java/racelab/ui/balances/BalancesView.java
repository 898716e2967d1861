package racelab.ui.balances;

import atlantafx.base.theme.Styles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.Interpolator;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import racelab.scenario.Constraint;
import racelab.ui.Motion;

/**
 * The account panel: one bar per account animating between snapshots, the constraint line, the number, a red
 * flash and a badge when a rule breaks, and the sum of balances.
 */
public final class BalancesView extends VBox {

    private static final PseudoClass VIOLATED = PseudoClass.getPseudoClass("violated");

    private final BalancesViewModel model;
    private final VBox rows = new VBox(4);
    private final Map<String, Row> rowByAccount = new LinkedHashMap<>();
    private final Label sumValue = new Label();
    private final FlowPane ledgerBadges = new FlowPane(6, 4);
    private final HBox sumLine;
    private final Label legend2;

    public BalancesView(BalancesViewModel model) {
        this.model = model;
        getStyleClass().addAll("panel", "balances");
        setId("balances");
        setSpacing(8);
        Label title = new Label("Balances");
        title.getStyleClass().add(Styles.TITLE_4);
        Label legend = new Label("committed, after the current step");
        legend.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox head = new HBox(8, title, legend);
        head.setAlignment(Pos.BASELINE_LEFT);

        Label sumTitle = new Label("Sum of balances");
        sumValue.setId("balance-sum");
        sumValue.getStyleClass().addAll("sum-value", Styles.TEXT_BOLD);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        sumLine = new HBox(8, sumTitle, spacer, sumValue);
        sumLine.getStyleClass().add("sum-line");
        sumLine.setAlignment(Pos.CENTER_LEFT);
        ledgerBadges.setId("ledger-badges");

        legend2 = new Label("Dashed red line: the account's rule (zero). Bars keep one scale per account "
                + "over the whole run.");
        legend2.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        legend2.setWrapText(true);
        getChildren().addAll(head, rows, sumLine, ledgerBadges, legend2);
        model.accounts().addListener((ListChangeListener<AccountBalance>) change -> refresh());
        refresh();
    }

    /** Shows or hides the explanation under the bars, e.g. when many panels stand side by side. */
    public void setLegendVisible(boolean visible) {
        legend2.setVisible(visible);
        legend2.setManaged(visible);
    }

    /** The row of an account, for tests. */
    public Region rowOf(String account) {
        Row row = rowByAccount.get(account);
        return row == null ? null : row.root;
    }

    private void refresh() {
        List<AccountBalance> accounts = List.copyOf(model.accounts());
        if (!rowByAccount.keySet().equals(accountIds(accounts))) {
            rowByAccount.clear();
            rows.getChildren().clear();
            for (AccountBalance account : accounts) {
                Row row = new Row(account);
                rowByAccount.put(account.account(), row);
                rows.getChildren().add(row.root);
            }
        }
        for (AccountBalance account : accounts) {
            rowByAccount.get(account.account()).show(account);
        }
        long sum = model.sumProperty().get();
        long opening = model.openingSumProperty().get();
        sumValue.setText(sum == opening ? Long.toString(sum) : sum + "  (opening " + opening + ")");
        sumLine.getStyleClass().remove("changed");
        if (sum != opening) {
            sumLine.getStyleClass().add("changed");
        }
        ledgerBadges.getChildren().clear();
        for (String badge : model.ledgerAnomaliesProperty().get()) {
            ledgerBadges.getChildren().add(badge(badge));
        }
    }

    private static java.util.Set<String> accountIds(List<AccountBalance> accounts) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        accounts.forEach(a -> ids.add(a.account()));
        return ids;
    }

    static Label badge(String text) {
        Label badge = new Label(text);
        badge.getStyleClass().add("anomaly-badge");
        return badge;
    }

    /** One account: name and rule, the bar, the number, the badges; a flash layer behind. */
    private static final class Row {
        private final StackPane root = new StackPane();
        private final Region flash = new Region();
        private final BalanceTrack track;
        private final Label amount = new Label();
        private final Label rule = new Label();
        private final String ruleText;
        private final FlowPane badges = new FlowPane(6, 4);
        private Timeline animation;
        private Boolean wasViolated;

        Row(AccountBalance account) {
            Label name = new Label(account.account());
            name.getStyleClass().add("account-name");
            ruleText = account.group()
                    ? String.join(" + ", account.members()) + " " + ruleText(account.constraint()).replace("must stay ", "")
                    : ruleText(account.constraint());
            rule.setText(ruleText);
            rule.setWrapText(true);
            rule.getStyleClass().add("account-rule");
            VBox label = new VBox(0, name, rule);

            label.setMinWidth(96);
            label.setPrefWidth(96);
            track = new BalanceTrack(account.constraint() != Constraint.NONE);
            HBox.setHgrow(track, Priority.ALWAYS);
            amount.setMinWidth(64);
            amount.setAlignment(Pos.CENTER_RIGHT);
            amount.getStyleClass().add("amount");
            HBox line = new HBox(8, label, track, amount);
            line.setAlignment(Pos.CENTER_LEFT);
            VBox content = new VBox(2, line, badges);
            content.getStyleClass().add("account-row");
            flash.getStyleClass().add("flash");
            flash.setOpacity(0);
            root.getChildren().addAll(flash, content);
            root.setId("account-" + account.account());
            root.getStyleClass().add("account-row");
            track.valueProperty().set(account.balance());
        }

        void show(AccountBalance account) {
            track.setRange(account.rangeMin(), account.rangeMax());
            amount.setText(Long.toString(account.balance()));
            // An account a transfer opens is no row yet: say so rather than let its 0 pass for a balance.
            rule.setText(account.notOpenedYet() ? ruleText + " · not opened yet" : ruleText);
            root.pseudoClassStateChanged(VIOLATED, account.violated());
            track.setViolated(account.violated());
            badges.getChildren().clear();
            for (String text : account.anomalies()) {
                badges.getChildren().add(badge(text));
            }
            badges.setManaged(!account.anomalies().isEmpty());
            animateTo(account.previousBalance(), account.balance());
            boolean becameViolated = account.violated() && Boolean.FALSE.equals(wasViolated);
            wasViolated = account.violated();
            flash(becameViolated, account.violated());
        }

        private void animateTo(long from, long to) {
            if (animation != null) {
                animation.stop();
            }
            Duration duration = Motion.stepDuration();
            if (Motion.off() || from == to) {
                track.valueProperty().set(to);
                return;
            }
            track.valueProperty().set(from);
            animation = new Timeline(new KeyFrame(duration,
                    new KeyValue(track.valueProperty(), to, Interpolator.EASE_BOTH)));
            animation.play();
        }

        /** A red pulse the moment the rule breaks; a steady tint while it stays broken. */
        private void flash(boolean pulse, boolean violated) {
            double steady = violated ? 0.55 : 0;
            if (!pulse || Motion.off()) {
                flash.setOpacity(steady);
                return;
            }
            Duration third = Motion.stepDuration().multiply(1.0 / 3);
            Timeline blink = new Timeline(
                    new KeyFrame(Duration.ZERO, new KeyValue(flash.opacityProperty(), 0)),
                    new KeyFrame(third, new KeyValue(flash.opacityProperty(), 1)),
                    new KeyFrame(third.multiply(2), new KeyValue(flash.opacityProperty(), 0.3)),
                    new KeyFrame(third.multiply(3), new KeyValue(flash.opacityProperty(), 1)),
                    new KeyFrame(third.multiply(6), new KeyValue(flash.opacityProperty(), steady)));
            blink.play();
        }

        private static String ruleText(Constraint constraint) {
            switch (constraint) {
                case NON_NEGATIVE:
                    return "must stay ≥ 0";
                case NON_POSITIVE:
                    return "must stay ≤ 0";
                default:
                    return "no rule";
            }
        }
    }
}
