package racelab.logsim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.logsim.LogSimulation;
import racelab.logsim.bench.LogBench;
import racelab.logsim.model.LogRecord;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/**
 * The columnar record store ({@link RecordRows}) against the record objects it replaces: in runs that keep the
 * objects (lineage on), every record of every replica log, built from its row alone, must equal the object the log
 * returns in everything the simulator reads back (type, key, value, stamp, sequence, creation order, offset, epoch, append time).
 * Runs of every shipped log scene (its own seed; its fix with jitter and another seed) cover retries,
 * epoch bumps, truncations, markers, offset commits and retention.
 */
class RecordRowsTest {

    static List<Path> logScenes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).filter(p -> {
                try {
                    return Files.readString(p).contains("\nkind: log");
                } catch (IOException e) {
                    return false;
                }
            }).sorted().collect(Collectors.toList());
        }
    }

    @ParameterizedTest
    @MethodSource("logScenes")
    void everyRecordBuiltFromItsRowEqualsTheObjectTheLogKept(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        Map<String, String> fixedWithJitter = new java.util.HashMap<>(scene.fix());
        fixedWithJitter.put("sim.network.jitter.ms", "40");
        List<Map<String, String>> variants = List.of(Map.of(), fixedWithJitter);
        long[] seeds = {scene.seed(), 3};
        for (int v = 0; v < variants.size(); v++) {
            int[] compared = {0};
            LogSimulation.runAndInspect(scene, seeds[v], variants.get(v), cluster -> compared[0] = compareAll(cluster));
            assertThat(compared[0]).as("%s variant %d: records compared", scene.id(), v).isPositive();
        }
    }

    /**
     * Without lineage a plain run keeps only columns, and a run that keeps the objects (a step recording, which only
     * reads the simulator) under the same settings: the two must give the same result, field for field.
     */
    @ParameterizedTest
    @MethodSource("logScenes")
    void aRunFromColumnsAloneGivesTheResultOfARunKeepingObjects(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        for (Map<String, String> overrides : List.of(
                Map.of("sim.lineage", "false", "processing.guarantee", "at_least_once", "sim.network.jitter.ms", "40"))) {
            boolean[] rowsOnly = {false};
            LogRunResult columns = LogSimulation.runAndInspect(scene, scene.seed(), overrides,
                    cluster -> rowsOnly[0] = !cluster.partition("journal", 0).log(0).keepsRecordObjects());
            LogRunResult objects = LogSimulation.runStepped(scene, scene.seed(), overrides, () -> false,
                    racelab.logsim.trace.StepOptions.COUNT_ONLY).result();
            boolean positioned = scene.faults().stream().anyMatch(racelab.logsim.scene.Fault::isByPosition);
            assertThat(rowsOnly[0]).as("sim.lineage=false keeps only columns unless a fault is placed by position")
                    .isEqualTo(!positioned);
            assertThat(columns).as("%s %s", scene.id(), overrides).isEqualTo(objects);
        }
    }

    @Test
    void theBenchmarkRunKeepsOnlyColumnsAndItsRowsReadBackAsTheObjectsWould() throws Exception {
        LogScene bench = LogBench.scene(10_000);
        int[] compared = {0};
        boolean[] rowsOnly = {false};
        LogSimulation.runAndInspect(bench, 1, Map.of("sim.lineage", "true"), cluster -> compared[0] = compareAll(cluster));
        LogSimulation.runAndInspect(bench, 1, Map.of(),
                cluster -> rowsOnly[0] = !cluster.partition("changelog", 0).log(0).keepsRecordObjects());
        assertThat(compared[0]).isGreaterThan(3 * 10_000);
        assertThat(rowsOnly[0]).isTrue();
    }

    /** Rows of a run that keeps no record objects (lineage off), as log-bench's, for the seeded properties below. */
    private static RecordRows rowsWithoutObjects(long seed) throws Exception {
        SimContext ctx = new SimContext(new racelab.logsim.sim.EventQueue(new racelab.logsim.sim.ManualClock(), 10),
                racelab.logsim.config.LogSettings.of(Map.of("sim.lineage", "false")), new racelab.logsim.sim.Seed(seed),
                10);
        return new RecordRows(ctx);
    }

    /**
     * Key and stamp codes, leader epochs, append times and balances are kept narrow while they fit (char, char, short,
     * char after the chunk's first time, int) and widen a chunk's column when one does not. Property over seeded rows
     * that cross every limit at random places, in the first (growing) chunk and in later ones: every row reads back
     * exactly what was added.
     */
    @Test
    void narrowColumnsWidenWhenAValueDoesNotFitAndEveryRowReadsBackWhatWasAdded() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            RecordRows rows = rowsWithoutObjects(seed);
            int count = 70_000 + random.nextInt(80_000);
            // Most rows small; from a random row on, some of each column's values exceed its narrow type.
            int keysFrom = random.nextInt(count);
            int stampsFrom = random.nextInt(count);
            int epochsFrom = random.nextInt(count);
            int timesFrom = random.nextInt(count);
            int balancesFrom = random.nextInt(count);
            List<LogRecord> added = new ArrayList<>();
            long clockMs = random.nextInt(1_000);
            for (int row = 0; row < count; row++) {
                int keyIndex = row >= keysFrom && random.nextInt(4) == 0 ? 65_000 + random.nextInt(3_000)
                        : random.nextInt(50);
                String key = random.nextInt(20) == 0 ? null : "k" + keyIndex;
                long producerId = row >= stampsFrom && random.nextInt(3) == 0 ? random.nextInt(70_000)
                        : random.nextInt(10);
                // Balances (changelog rows) on some rows, a few past an int's range once balancesFrom is reached.
                Object value = random.nextInt(3) > 0 ? null : new racelab.logsim.model.StoreValue(
                        row >= balancesFrom && random.nextInt(4) == 0 ? (1L << 31) + random.nextLong(1L << 40)
                                : random.nextInt(2_000_000) - 1_000_000, random.nextInt(1 << 20), random.nextInt(1 << 20),
                        null);
                LogRecord record = new LogRecord(LogRecord.DATA, key, value, producerId, (short) 0, -1, "app-1", 0,
                        LogRecord.BY_PUT);
                record.sequence = random.nextInt(1_000_000) - 1;
                record.createdOrder = row;
                record.offset = row;
                record.leaderEpoch = row >= epochsFrom && random.nextInt(5) == 0 ? 30_000 + random.nextInt(40_000)
                        : random.nextInt(20) - 1;
                // Appends come in time order, a few ms apart; past timesFrom, jumps longer than a char's 65 s, and
                // in odd seeds times out of order and past an int's range.
                clockMs += random.nextInt(3);
                if (row >= timesFrom && random.nextInt(500) == 0) {
                    clockMs += 65_000 + random.nextInt(10_000);
                }
                record.appendTimeMs = seed % 2 == 1 && row >= timesFrom && random.nextInt(5) == 0
                        ? Integer.MAX_VALUE - 1_000L + random.nextLong(1L << 40) : clockMs;
                assertThat(rows.add(record)).isEqualTo(row);
                added.add(record);
            }
            for (int row = 0; row < count; row++) {
                LogRecord want = added.get(row);
                LogRecord got = rows.materialize(row, row);
                assertThat(got.key).as("seed %d row %d key", seed, row).isEqualTo(want.key);
                assertThat(got.stamp).as("seed %d row %d stamp", seed, row).isEqualTo(want.stamp);
                assertThat(got.sequence).as("seed %d row %d sequence", seed, row).isEqualTo(want.sequence);
                assertThat(got.leaderEpoch).as("seed %d row %d epoch", seed, row).isEqualTo(want.leaderEpoch);
                assertThat(got.appendTimeMs).as("seed %d row %d time", seed, row).isEqualTo(want.appendTimeMs);
                assertThat(got.value).as("seed %d row %d value", seed, row).isEqualTo(want.value);
                assertThat(rows.leaderEpoch(row)).isEqualTo(want.leaderEpoch);
                assertThat(rows.appendTimeMs(row)).isEqualTo(want.appendTimeMs);
                assertThat(rows.key(row)).isEqualTo(want.key);
            }
        }
    }

    /**
     * Keys are coded through an identity table in front of the key map: rows whose key is a reused string object, an
     * equal copy of one, or a string built anew, over thousands of distinct keys (the table grows, then stops taking
     * new identities), must all read back their key, and equal keys must share one code.
     */
    @Test
    void keysReusedCopiedOrBuiltAnewReadBackAndEqualKeysShareACode() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            RecordRows rows = rowsWithoutObjects(seed);
            String[] shared = new String[3_000];
            for (int k = 0; k < shared.length; k++) {
                shared[k] = "acct-" + k;
            }
            List<String> added = new ArrayList<>();
            LogRecord.Stamp stamp = new LogRecord.Stamp(1000, (short) 0, -1, "client", 0);
            for (int row = 0; row < 40_000; row++) {
                int k = random.nextInt(row < 20_000 ? 300 : shared.length);
                String key = switch (random.nextInt(10)) {
                    case 0 -> new String(shared[k]);
                    case 1 -> "fresh-" + random.nextInt(5_000);
                    default -> shared[k];
                };
                LogRecord record = new LogRecord(LogRecord.DATA, key, null, stamp, LogRecord.BY_PUT);
                record.offset = row;
                assertThat(rows.add(record)).isEqualTo(row);
                added.add(key);
            }
            Map<String, Integer> codes = new java.util.HashMap<>();
            List<String> wrong = new ArrayList<>();
            for (int row = 0; row < added.size(); row++) {
                int code = rows.keyCodeOf(row);
                if (!rows.key(row).equals(added.get(row)) || codes.computeIfAbsent(added.get(row), key -> code) != code) {
                    wrong.add("seed " + seed + " row " + row + ": " + rows.key(row) + " code " + code);
                }
            }
            assertThat(wrong).isEmpty();
            assertThat(new java.util.HashSet<>(codes.values())).as("distinct keys, distinct codes").hasSize(codes.size());
        }
    }

    private static int compareAll(Cluster cluster) {
        int compared = 0;
        List<String> mismatches = new ArrayList<>();
        for (PartitionState p : cluster.allPartitions()) {
            for (int i = 0; i < p.replicationFactor(); i++) {
                ReplicaLog log = p.log(i);
                assertThat(log.keepsRecordObjects()).isTrue();
                for (long offset = log.logStartOffset(); offset < log.endOffset(); offset++) {
                    LogRecord kept = log.get(offset);
                    LogRecord built = log.fromRow(offset);
                    String where = p.name() + " replica " + i + " offset " + offset;
                    check(mismatches, where + " type", kept.type, built.type);
                    check(mismatches, where + " key", kept.key, built.key);
                    check(mismatches, where + " value", kept.value, built.value);
                    check(mismatches, where + " stamp", kept.stamp, built.stamp);
                    check(mismatches, where + " writtenBy", kept.writtenBy, built.writtenBy);
                    check(mismatches, where + " sequence", kept.sequence, built.sequence);
                    check(mismatches, where + " createdOrder", kept.createdOrder, built.createdOrder);
                    check(mismatches, where + " offset", kept.offset, built.offset);
                    check(mismatches, where + " leaderEpoch", kept.leaderEpoch, built.leaderEpoch);
                    check(mismatches, where + " appendTimeMs", kept.appendTimeMs, built.appendTimeMs);
                    compared++;
                }
            }
        }
        assertThat(mismatches).isEmpty();
        return compared;
    }

    private static void check(List<String> mismatches, String what, Object kept, Object built) {
        if (!java.util.Objects.equals(kept, built) && mismatches.size() < 20) {
            mismatches.add(what + ": kept " + kept + ", built " + built);
        }
    }
}
