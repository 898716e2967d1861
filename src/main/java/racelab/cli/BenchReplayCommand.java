package racelab.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.LedgerEngine;
import racelab.scenario.LedgerScene;

/**
 * {@code bench-replay SCENE [--mitigation ID] [--runs N]}: the cost of replaying one complete schedule on a warm
 * engine (database, connections and lane threads kept, balances reset between runs), as the explorer uses it.
 */
@Command(name = "bench-replay", description = "Median cost of one replayed schedule on a warm engine.")
final class BenchReplayCommand extends LabCommand {

    @Mixin
    LedgerOptions ledger;

    @Mixin
    BackendOptions database;

    @Option(names = "--runs", paramLabel = "N", description = "Measured runs, after max(200, N/5) warm-up runs.")
    int runs = 2000;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (runs < 1) {
            throw new UsageException("--runs expects a positive whole number, found '" + runs + "'");
        }
        LedgerScene scene = SceneArguments.load(ledger.scene);
        String mitigation = ledger.mitigation == null ? scene.mitigation() : ledger.mitigation;
        int warmUp = Math.max(200, runs / 5);
        long[] nanos = new long[runs];
        String verdict;
        long wallNanos;
        DatabaseBackend backend = database.open();
        try (LedgerEngine engine = LedgerEngine.open(scene, backend)) {
            verdict = engine.run(mitigation, scene.schedule()).verdict();
            for (int i = 0; i < warmUp; i++) {
                engine.run(mitigation, scene.schedule());
            }
            long wallStart = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                engine.run(mitigation, scene.schedule());
                nanos[i] = System.nanoTime() - start;
            }
            wallNanos = System.nanoTime() - wallStart;
        } catch (racelab.ledger.MitigationUnavailableException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (SQLException e) {
            err.println("ledger-lab bench-replay: the database failed: " + e.getMessage());
            return 1;
        }
        Arrays.sort(nanos);
        double medianMicros = nanos[nanos.length / 2] / 1000.0;
        double p90Micros = nanos[(int) (nanos.length * 0.9)] / 1000.0;
        double wallSeconds = wallNanos / 1e9;
        out.printf("scene          %s (%d steps, %d lanes)%n", scene.id(), scene.schedule().size(),
                scene.transfers().size());
        out.printf("mitigation     %s (verdict: %s)%n", mitigation, verdict);
        out.printf("database       %s%n", backend.serverDescription());
        out.printf("runs           %d measured after %d warm-up runs, fast reset between runs%n", runs, warmUp);
        // Two different figures, both labelled: 1 / median latency overstates throughput whenever some runs are
        // slower than the median (a lock wait, a GC pause), so throughput is measured from wall time.
        out.printf("latency        median %.1f us per complete schedule%n", medianMicros);
        out.printf("throughput     %.0f schedules/s from wall time (%d runs in %.3f s)%n", runs / wallSeconds, runs,
                wallSeconds);
        out.printf("p90            %.1f us%n", p90Micros);
        out.printf("cores          %d%n", Runtime.getRuntime().availableProcessors());
        return 0;
    }
}
