package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.check.Anomaly;
import racelab.check.AnomalyType;
import racelab.compare.TradeOffNotes;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;
import racelab.walkthrough.Stop;
import racelab.walkthrough.Walkthrough;
import racelab.walkthrough.WalkthroughLoader;

/**
 * Issue 11's "Truth of the texts", read from what ships (mitigation explanations, one-line trade-offs, scene
 * narrations, walkthrough reveals, anomaly explanations) and held against runs on the real engine.
 */
class TruthOfTextsTest {

    private static LedgerScene scene(String id) throws Exception {
        return LedgerSceneLoader.load(Path.of("scenes", id + ".yaml"));
    }

    private static Mitigation mitigation(String id) {
        return Mitigations.byId(id).orElseThrow();
    }

    /** "Locking every member of a group rule stops write skew" holds only for a fixed set of rows. */
    @Test
    void forUpdateDoesNotClaimToStopWriteSkewWhenAMemberJoins() throws Exception {
        String explanation = mitigation("for-update").explanation();
        assertThat(explanation).contains("only while the group's members are a fixed set of rows", "phantom",
                "phantom-group-member");
        assertThat(TradeOffNotes.of("for-update")).contains("phantom");
        assertThat(scene("write-skew").narration()).contains("fixed set of rows", "phantom-group-member");
        // What the texts say is what the run does (PhantomSceneTest checks every interleaving).
        LedgerScene phantom = scene("phantom-group-member");
        assertThat(LedgerEngine.runOnce(phantom, "for-update", phantom.schedule()).verdict()).isEqualTo("violated");
    }

    /** Every text that says PostgreSQL SERIALIZABLE (SSI) stops write skew also says it needs every writer at it. */
    @Test
    void serializableTextsSayEveryTransactionMustBeSerializable() throws Exception {
        Mitigation serializable = mitigation("serializable");
        assertThat(serializable.explanation()).contains("only because both run SERIALIZABLE",
                "a writer at READ COMMITTED or REPEATABLE READ", "13.2.3");
        assertThat(serializable.tradeOff()).contains("if every writer of these rows runs SERIALIZABLE");
        assertThat(TradeOffNotes.of("serializable")).contains("if every writer runs SERIALIZABLE");
        assertThat(scene("write-skew").narration()).contains("because both run SERIALIZABLE",
                "SSI tracks only serializable transactions");
        Walkthrough walkthrough = WalkthroughLoader.load(Path.of("scenes/walkthroughs/q1-ledger-races.yaml"),
                Path.of("scenes"));
        Stop stop = walkthrough.stops().stream().filter(s -> s.id().equals("write-skew")).findFirst().orElseThrow();
        assertThat(stop.reveal()).contains("because both run", "SSI tracks only serializable transactions");
        // The run on H2 says the same where the user sees it: in the write-skew anomaly's explanation.
        LedgerScene skew = scene("write-skew");
        Anomaly anomaly = writeSkew(LedgerEngine.runOnce(skew, "serializable", skew.schedule()));
        assertThat(anomaly.message()).contains("provided every transaction involved runs SERIALIZABLE");
    }

    /** The write skew under repeatable-read is snapshot isolation's, on PostgreSQL as on H2: no blame on H2. */
    @Test
    void repeatableReadWriteSkewDoesNotBlameH2() throws Exception {
        LedgerScene skew = scene("write-skew");
        for (String id : List.of("repeatable-read", "repeatable-read-retry")) {
            Anomaly anomaly = writeSkew(LedgerEngine.runOnce(skew, id, skew.schedule()));
            assertThat(anomaly.message()).as(id).contains("on PostgreSQL as on H2").doesNotContain("cannot see");
            assertThat(anomaly.literature()).isEqualTo("G2-item write skew");
            assertThat(mitigation(id).explanation() + mitigation(id).tradeOff()).as(id).contains("write skew")
                    .doesNotContain("H2's SNAPSHOT cannot");
        }
    }

    /** optimistic-version's compare-and-set UPDATE waits for an uncommitted writer: no text may say otherwise. */
    @Test
    void optimisticVersionTextsSayTheUpdateWaitsAndTheRunShowsIt() throws Exception {
        Mitigation optimistic = mitigation("optimistic-version");
        for (String text : List.of(optimistic.explanation(), optimistic.tradeOff(), TradeOffNotes.of("optimistic-version"))) {
            assertThat(text.toLowerCase(java.util.Locale.ROOT)).doesNotContain("no waiting").contains("wait");
        }
        LedgerScene skew = scene("write-skew");
        LedgerRun run = LedgerEngine.runOnce(skew, "optimistic-version", skew.schedule());
        assertThat(run.steps()).anySatisfy(step -> {
            assertThat(step.outcome()).isEqualTo(StepOutcome.BLOCKED);
            assertThat(step.phase()).isEqualTo("apply");
            assertThat(step.sql()).anySatisfy(sql -> assertThat(sql).contains("AND version = "));
        });
    }

    /**
     * A scene's notes are true only for its own mitigation and schedule: nowhere else, not in the run output, not in
     * a walkthrough stop that runs the scene under another fix, not after a step was dragged.
     */
    @Test
    void notesAppearOnlyOnTheRunTheyWereWrittenFor() throws Exception {
        LedgerScene doubleSpend = scene("double-spend");
        StepRef t2Check = new StepRef("T2", "check");
        assertThat(doubleSpend.noteFor(t2Check, "naive", doubleSpend.schedule())).contains("This is the race");
        assertThat(doubleSpend.noteFor(t2Check, "for-update", doubleSpend.schedule())).isNull();
        List<StepRef> dragged = List.of(new StepRef("T1", "begin"), new StepRef("T1", "check"),
                new StepRef("T1", "apply"), new StepRef("T1", "commit"), new StepRef("T2", "begin"), t2Check,
                new StepRef("T2", "apply"), new StepRef("T2", "commit"));
        assertThat(doubleSpend.noteFor(t2Check, "naive", dragged)).isNull();
        // On that dragged schedule the note would be false: T2 reads 20, not 100.
        assertThat(LedgerEngine.runOnce(doubleSpend, "naive", dragged).steps().stream()
                .filter(s -> s.step().equals(t2Check)).findFirst().orElseThrow().detail()).contains("alice = 20");

        Walkthrough walkthrough = WalkthroughLoader.load(Path.of("scenes/walkthroughs/q1-ledger-races.yaml"),
                Path.of("scenes"));
        int checked = 0;
        for (Stop stop : walkthrough.stops()) {
            if (!stop.isLedger()) {
                continue;
            }
            LedgerScene effective = stop.ledgerScene();
            LedgerScene own = scene(effective.id());
            boolean ownRun = effective.mitigation().equals(own.mitigation())
                    && effective.schedule().equals(own.schedule());
            assertThat(effective.notes()).as(stop.id()).isEqualTo(ownRun ? own.notes() : java.util.Map.of());
            checked += ownRun ? 0 : 1;
        }
        assertThat(checked).as("stops that run a scene under another fix").isPositive();
    }

    /** The explorer's matrix names each anomaly as every run labels it: plain words, the literature's name beside. */
    @Test
    void theMatrixNamesAnomaliesInPlainWordsWithTheLiteraturesName() throws Exception {
        racelab.explore.LedgerExplorer explorer = new racelab.explore.LedgerExplorer(
                new racelab.explore.LedgerEngineRunners(), new racelab.explore.MitigationFootprints());
        java.util.function.Function<String, List<String>> names = id -> {
            try {
                return explorer.explore(scene(id), "naive", racelab.explore.ExploreOptions.DEFAULT,
                        racelab.explore.ProgressListener.NONE, new racelab.explore.Cancellation()).anomalyNames();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        assertThat(names.apply("double-spend")).containsExactly("constraint violated (P4 lost update)");
        assertThat(names.apply("write-skew")).containsExactly("write skew (G2-item write skew)");
        assertThat(names.apply("phantom-group-member"))
                .containsExactly("write skew (" + AnomalyType.PHANTOM_LITERATURE_NAME + ")");
        // A rule broken by a stale replica read is no isolation anomaly: plain words only (schedules where both
        // checks read a current replica before either committed are a plain double spend, P4).
        assertThat(names.apply("stale-replica-read")).contains("stale read", "constraint violated");
        // And each run carries the same label on its anomalies.
        LedgerScene doubleSpend = scene("double-spend");
        assertThat(LedgerEngine.runOnce(doubleSpend, "naive", doubleSpend.schedule()).anomalies())
                .extracting(Anomaly::label).containsExactly("constraint violated (P4 lost update)");
    }

    /** Every text output of a run names its anomalies with the literature's name, not only `run`. */
    @Test
    void everyPrintedRunCarriesTheLiteraturesName() throws Exception {
        LedgerScene doubleSpend = scene("double-spend");
        String named = "CONSTRAINT_VIOLATED [P4 lost update]";
        LedgerRun run = LedgerEngine.runOnce(doubleSpend, "naive", doubleSpend.schedule());
        assertThat(new racelab.walkthrough.StopResult(run, null).outcomeLine()).contains(named + ": ");
        assertThat(racelab.compare.BackendComparison.run(doubleSpend, "naive", doubleSpend.schedule(),
                List.of(H2Backend.INSTANCE)).table()).contains(named + ": ");
        assertThat(racelab.compare.CompareReport.markdown(racelab.compare.Comparison.run(doubleSpend,
                List.of("naive", "for-update"), doubleSpend.schedule()), "compare.png")).contains(named);
        LedgerScene phantom = scene("phantom-group-member");
        assertThat(new racelab.walkthrough.StopResult(LedgerEngine.runOnce(phantom, "for-update", phantom.schedule()),
                null).outcomeLine()).contains("WRITE_SKEW [" + AnomalyType.PHANTOM_LITERATURE_NAME + "]: ");
    }

    private static Anomaly writeSkew(LedgerRun run) {
        return run.anomalies().stream().filter(a -> a.type() == AnomalyType.WRITE_SKEW).findFirst().orElseThrow(
                () -> new AssertionError("no write skew in " + run.anomalies()));
    }
}
