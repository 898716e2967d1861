package racelab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import racelab.check.Anomaly;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.LedgerEngine;
import racelab.ledger.MitigationUnavailableException;
import racelab.ledger.LedgerRun;
import racelab.ledger.Mitigation;
import racelab.ledger.Mitigations;
import racelab.ledger.TraceStep;
import racelab.scenario.Account;
import racelab.scenario.LedgerScene;
import racelab.scenario.ScheduleRules;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/** {@code run SCENE [--mitigation ID] [--schedule T1.begin,...] [--idempotency-keys on|off] [--json]}. */
@Command(name = "run", description = "Replay a ledger scene on H2 or PostgreSQL: trace table, balances, verdict.")
final class RunCommand extends LabCommand {

    @Mixin
    LedgerOptions ledger;

    @Mixin
    BackendOptions database;

    @Option(names = "--schedule", paramLabel = "T1.begin,T2.begin,...",
            description = "Run this interleaving instead of the scene's schedule (each lane keeps its own order).")
    String schedule;

    @Option(names = "--idempotency-keys", paramLabel = "on|off",
            description = "Override the scene's setting: the app records request keys and answers a repeated key "
                    + "with the first result.")
    OnOff idempotencyKeys;

    @Option(names = "--json", description = "Print one JSON document on stdout instead of the trace table.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        LedgerScene scene = SceneArguments.load(ledger.scene);
        String mitigation = ledger.mitigation == null ? scene.mitigation() : ledger.mitigation;
        List<StepRef> steps = schedule == null ? scene.schedule() : schedule(scene, schedule);
        boolean keys = idempotencyKeys == null ? scene.idempotencyKeys() : OnOff.toBoolean(idempotencyKeys);
        LedgerRun run;
        DatabaseBackend backend = database.open();
        try (LedgerEngine engine = LedgerEngine.open(scene, backend)) {
            run = engine.run(mitigation, steps, keys);
        } catch (MitigationUnavailableException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (SQLException e) {
            err.println("ledger-lab run: the database failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            return 1;
        }
        if (json) {
            out.println(toJson(run));
        } else {
            out.print(TraceText.render(run));
        }
        return 0;
    }

    static List<StepRef> schedule(LedgerScene scene, String text) throws UsageException {
        List<StepRef> steps = ScheduleRules.parseList(text);
        ScheduleRules.Problem problem = ScheduleRules.firstProblem(steps,
                scene.transfers().stream().map(Transfer::id).toList());
        if (problem != null) {
            String where = problem.itemIndex() < 0 ? "" : " item " + (problem.itemIndex() + 1) + " '"
                    + text.split(",")[problem.itemIndex()].trim() + "'";
            throw new UsageException("--schedule" + where + ": " + problem.message());
        }
        return steps;
    }

    /** The database a run went to, as every ledger command's JSON names it. */
    static Map<String, Object> database(racelab.ledger.RunDatabase database) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("backend", database.backend());
        item.put("server", database.server());
        item.put("sessionSettings", database.sessionSettings());
        return item;
    }

    static String toJson(LedgerRun run) {
        Map<String, Object> root = new LinkedHashMap<>();
        LedgerScene scene = run.scene();
        root.put("scene", scene.id());
        root.put("title", scene.title());
        root.put("mitigation", run.mitigation());
        root.put("database", database(run.database()));
        root.put("idempotencyKeys", run.idempotencyKeys());
        root.put("schedule", run.schedule().stream().map(StepRef::toString).toList());
        root.put("verdict", run.verdict());
        root.put("initialBalances", run.initialBalances());
        root.put("balances", run.finalBalances());
        List<Map<String, Object>> anomalies = new ArrayList<>();
        for (Anomaly anomaly : run.anomalies()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", anomaly.type().name());
            item.put("literature", anomaly.literature());
            item.put("account", anomaly.account());
            item.put("message", anomaly.message());
            item.put("stepIndex", anomaly.stepIndex());
            anomalies.add(item);
        }
        root.put("anomalies", anomalies);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (TraceStep step : run.steps()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("index", step.index());
            item.put("lane", step.lane());
            item.put("phase", step.phase());
            item.put("sql", step.sql());
            item.put("rowsRead", step.rowsRead());
            item.put("rowsAffected", step.rowsAffected());
            item.put("outcome", step.outcome().name());
            item.put("blockedBy", step.blockedBy());
            item.put("sqlState", step.sqlState());
            item.put("detail", step.detail());
            item.put("note", scene.noteFor(step.step(), run.mitigation(), run.schedule()));
            item.put("balances", step.balances());
            steps.add(item);
        }
        root.put("steps", steps);
        Mitigation mitigation = Mitigations.byId(run.mitigation()).orElseThrow();
        root.put("explanation", mitigation.explanation());
        root.put("tradeOff", mitigation.tradeOff());
        Map<String, Object> constraints = new LinkedHashMap<>();
        for (Account account : scene.accounts()) {
            constraints.put(account.id(), account.constraint().yamlName());
        }
        root.put("constraints", constraints);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
