package racelab.logsim.forensics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.OutputAudit;
import racelab.logsim.result.WrongAccount;
import racelab.logsim.safety.FaultSchedules;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.logsim.sim.Seed;

/**
 * The audit as a property over random settings and the campaign's adversarial fault schedules (overlapping outages,
 * 0-60 ms jitter): no run ends unexplained, forensics never names a mode whose setting is off, and a run is correct
 * only when every output is clean.
 */
class AuditPropertiesTest {

    /** What switches each mode on, written out independently of {@link ModeGate}. */
    private static final Map<String, Predicate<LogSettings>> SETTING_ON = new LinkedHashMap<>();

    static {
        SETTING_ON.put("F1", s -> !s.get("processing.guarantee").equals("exactly_once_v2"));
        SETTING_ON.put("F2", s -> s.getBool("sim.store.caching"));
        SETTING_ON.put("F4", s -> s.get("sim.design").equals("hand-made") && s.getBool("enable.auto.commit"));
        SETTING_ON.put("F5", s -> !s.get("acks").equals("all"));
        SETTING_ON.put("F6", s -> !s.idempotenceEffective());
        SETTING_ON.put("F7", s -> s.topicLong("changelog", "replication.factor") == 1
                || s.topicLong("journal", "min.insync.replicas") < 2 || s.topicLong("changelog", "min.insync.replicas") < 2);
        SETTING_ON.put("F8", s -> s.getBool("unclean.leader.election.enable"));
        SETTING_ON.put("F9", s -> s.topicLong("changelog", "flush.messages") > 1);
        SETTING_ON.put("F10", s -> s.topicLong("changelog", "flush.messages") > 1
                && s.get("eligible.leader.replicas.version").equals("0"));
        SETTING_ON.put("F12", s -> !s.getBool("sim.checkpoint.after.store.flush"));
        SETTING_ON.put("F14", s -> !s.get("processing.guarantee").equals("exactly_once_v2"));
        SETTING_ON.put("F15", s -> s.topic("changelog", "cleanup.policy").contains("delete"));
        SETTING_ON.put("F17", s -> s.get("sim.entry.routing").equals("legs"));
        SETTING_ON.put("KAFKA-15591", s -> s.idempotenceEffective()
                && s.getLong("max.in.flight.requests.per.connection") > 1);
    }

    @Test
    void theThreeRunsThatCreatedMoneyNowLoseAndDuplicateNothing() throws Exception {
        Object[][] cases = {{"f4-auto-commit-before-durable", 24L}, {"f7-replication-factor-one", 177L},
            {"f7-replication-factor-one", 194L}};
        for (Object[] c : cases) {
            LogScene scene = asFound(LogSceneLoader.load(Path.of("scenes", c[0] + ".yaml")));
            LogRunResult r = LogSimulation.run(scene, (Long) c[1], scene.fix());
            assertThat(r.actualTotal()).as(c[0] + " seed " + c[1]).isEqualTo(r.expectedTotal());
            assertThat(r.wrongAccounts()).isEmpty();
            assertThat(r.wronglyDecided()).isEmpty();
            assertThat(r.unexplained()).isEmpty();
            assertThat(r.output(OutputAudit.STORE).clean()).isTrue();
            assertThat(r.output(OutputAudit.CHANGELOG).clean()).isTrue();
        }
    }

    /**
     * The scene as it was when the run was found: f4 then had linger.ms=3000, the default auto-commit interval and the
     * power cut at 45.5 s (it was retimed for the real-Kafka cross-check).
     */
    private static LogScene asFound(LogScene scene) {
        if (!scene.id().equals("f4-auto-commit-before-durable")) {
            return scene;
        }
        Map<String, String> settings = new LinkedHashMap<>(scene.settings());
        settings.put("linger.ms", "3000");
        settings.remove("auto.commit.interval.ms");
        Fault cut = scene.faults().get(0);
        List<Fault> faults = List.of(new Fault(45_500, cut.kind(), cut.targets(), cut.domain(), cut.durationMs(),
                cut.delayMs(), cut.note()));
        return new LogScene(scene.id(), scene.file(), scene.title(), scene.seed(), settings, scene.fix(), scene.modes(),
                scene.expect(), scene.workload(), faults, scene.powerDomains(), scene.durationMs(), scene.narration());
    }

    /**
     * Over random settings and random fault schedules: every mode named anywhere (run causes, account causes, entry
     * issues, output causes) has its setting on, by a table written independently of ModeGate; a wrong run is never
     * silent (it names a cause, lists what is unexplained, or counts unprocessed entries); and a run is correct exactly
     * when every readable output is clean, no money moved, nothing is pending and nothing is unexplained.
     */
    @Test
    void forensicsNeverNamesAModeWhoseSettingIsOffAndAWrongRunIsNeverSilent() throws Exception {
        int runs = 0;
        int wrongRuns = 0;
        List<String> failures = new ArrayList<>();
        for (long seed = 1; runs < RANDOM_RUNS; seed++) {
            LogScene scene = FaultSchedules.scene(seed);
            Map<String, String> settings = randomSettings(new Seed(seed).derive("audit-property"));
            LogSettings effective;
            try {
                effective = LogSimulation.settingsFor(scene, settings);
            } catch (SettingException invalidCombination) {
                continue;
            }
            LogRunResult r = LogSimulation.run(scene, seed, settings);
            runs++;
            String header = "seed " + seed + " " + settings + ": ";
            List<String> named = new ArrayList<>(r.causes());
            for (WrongAccount w : r.wrongAccounts()) {
                named.addAll(w.causes());
                w.issues().stream().map(EntryIssue::mode).forEach(named::add);
            }
            r.outputs().forEach(o -> named.addAll(o.causes()));
            for (String mode : named) {
                Predicate<LogSettings> on = SETTING_ON.get(mode);
                if (on != null && !on.test(effective)) {
                    failures.add(header + "names " + mode + " while its setting is off");
                }
                if (mode.matches("F\\d+") && on == null) {
                    failures.add(header + "names " + mode + ", which no shipped setting switches on");
                }
            }
            boolean allClean = r.outputs().stream().allMatch(o -> !o.available() || o.clean());
            boolean expectCorrect = allClean && r.conserved() && r.unprocessedEntries() == 0 && r.unexplained().isEmpty()
                    && r.wrongAccounts().isEmpty() && r.appliedOutputDuplicates() == 0;
            if (r.correct() != expectCorrect) {
                failures.add(header + "correct() is " + r.correct() + " but the outputs say " + expectCorrect);
            }
            for (OutputAudit o : r.outputs()) {
                if (o.available() && !o.clean() && o.causes().isEmpty()) {
                    failures.add(header + o.output() + " differs silently");
                }
            }
            for (String u : r.unexplained()) {
                failures.add(header + "ends unexplained: " + u + " (replay: log-safety --seeds " + seed + ".." + seed
                        + settings.entrySet().stream().map(e -> " --set " + e.getKey() + "=" + e.getValue())
                        .collect(java.util.stream.Collectors.joining()) + ")");
            }
            if (!r.correct()) {
                wrongRuns++;
                if (r.causes().isEmpty() && r.unexplained().isEmpty() && r.unprocessedEntries() == 0
                        && r.outputs().stream().allMatch(o -> o.causes().isEmpty())) {
                    failures.add(header + "wrong, and nothing says why");
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(wrongRuns).as("random unsafe settings break some runs").isGreaterThan(RANDOM_RUNS / 10);
    }

    private static final int RANDOM_RUNS = 120;

    /** Each knob of the catalog flipped at random; invalid combinations are skipped by the caller. */
    private static Map<String, String> randomSettings(SplittableRandom random) {
        Map<String, String> s = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            s.put("processing.guarantee", "at_least_once");
        }
        if (random.nextInt(4) == 0) {
            s.put("acks", "1");
            s.put("enable.idempotence", "false");
        } else if (random.nextInt(3) == 0) {
            s.put("enable.idempotence", "false");
        }
        if (random.nextInt(3) == 0) {
            s.put("replication.factor", "1");
        }
        if (random.nextInt(3) == 0) {
            s.put("min.insync.replicas", "1");
        }
        if (random.nextInt(4) == 0) {
            s.put("unclean.leader.election.enable", "true");
        }
        if (random.nextBoolean()) {
            s.put("flush.messages", Long.toString(Long.MAX_VALUE));
        }
        if (random.nextInt(4) == 0) {
            s.put("sim.store.caching", "true");
        }
        if (random.nextInt(3) == 0) {
            s.put("sim.processor.idempotent", "true");
        }
        if (random.nextInt(5) == 0) {
            s.put("sim.checkpoint.after.store.flush", "false");
            s.put("sim.checkpoint.offset.delta", "50");
        }
        if (random.nextInt(5) == 0) {
            s.put("changelog/cleanup.policy", "delete");
        }
        if (random.nextInt(4) == 0) {
            s.put("eligible.leader.replicas.version", "0");
        }
        if (random.nextInt(3) == 0) {
            s.put("sim.network.jitter.ms", Integer.toString(1 + random.nextInt(60)));
        }
        return s;
    }
}
