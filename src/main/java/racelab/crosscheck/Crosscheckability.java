package racelab.crosscheck;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import racelab.logsim.config.LogSettings;
import racelab.logsim.scene.CrosscheckStatement;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;

/**
 * Whether a log scene can be run on real Kafka with real processes, and why not when it cannot. The rule that matters
 * most: a power cut cannot be reproduced by killing a process, because the kernel keeps the page cache of a killed
 * process's files; what such a scene shows (unflushed broker logs, RocksDB files and checkpoints lost) stays
 * "simulated only".
 *
 * <p>A scene file states its own verdict ({@code crosscheck:}, {@link CrosscheckStatement}); {@link #of} gives the
 * scene's sentence when the runner's rules ({@link #rules}) agree with it, and the rules' verdict, with a pointer to
 * the statement, when they do not: a statement is never believed over what the runner can do.
 *
 * @param checkable true when {@link RealRun} can run the scene
 * @param reason for a checkable scene how the faults map to real ones; otherwise why it stays simulated only
 * @param limit what a real run shows differently from the simulator, as the scene states it (empty: none stated)
 * @param statedAt {@code file:line:column} of the scene's statement the verdict comes from, or empty when it comes
 *     from the runner's rules alone
 */
public record Crosscheckability(boolean checkable, String reason, String limit, String statedAt) {

    /** A verdict of the runner's rules alone. */
    public Crosscheckability(boolean checkable, String reason) {
        this(checkable, reason, "", "");
    }

    /** Simulator knobs that model mechanisms a real run cannot set (they are about disks, not processes). */
    private static final List<String> DISK_KNOBS = List.of("sim.os.dirty.expire.ms", "sim.os.writeback.interval.ms",
            "sim.checkpoint.offset.delta", "sim.checkpoint.after.store.flush", "sim.rocksdb.memtable.records");

    /**
     * The verdict for a scene run with these settings: the scene's own statement when the runner's rules agree with
     * it, otherwise the rules' verdict saying where the statement is. A statement covers the scene as written and
     * with its fix; overrides that make the rules say no (a disk knob, say) win over a "checkable" statement.
     */
    public static Crosscheckability of(LogScene scene, LogSettings settings) {
        Crosscheckability rules = rules(scene, settings);
        CrosscheckStatement stated = scene.crosscheck();
        if (stated == null) {
            return rules;
        }
        if (stated.checkable() == rules.checkable()) {
            return new Crosscheckability(stated.checkable(), stated.reason(), stated.limit(), stated.location());
        }
        if (stated.checkable()) {
            return new Crosscheckability(false, rules.reason() + " (the scene states at " + stated.location()
                    + " that it is cross-checkable; with these settings the real runner cannot run it)", "",
                    stated.location());
        }
        return new Crosscheckability(false, stated.reason() + " (stated at " + stated.location() + "; the runner's "
                + "rules would run it: " + rules.reason() + ")", "", stated.location());
    }

    /** What the real runner supports, from the scene's faults and settings alone (no statement consulted). */
    public static Crosscheckability rules(LogScene scene, LogSettings settings) {
        Map<String, String> explicit = settings.explicit();
        if (!settings.get("sim.entry.routing").equals("entry")) {
            return no("entries split across tasks (sim.entry.routing=" + settings.get("sim.entry.routing")
                    + ") are not wired into the real ledger app; only whole entries are");
        }
        for (String knob : DISK_KNOBS) {
            if (explicit.containsKey(knob)) {
                return no(knob + " models when files reach the disk; a real run cannot set that, and a process kill "
                        + "keeps the page cache anyway");
            }
        }
        if (settings.topic("changelog", TopicConfig.CLEANUP_POLICY_CONFIG).contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            return no("retention (cleanup.policy=delete) deletes on the broker's own timer "
                    + "(log.retention.check.interval.ms) whole segments rolled at segment.bytes; the real runner "
                    + "neither scales retention times nor sets that timer, so a real run would delete nothing");
        }
        if (explicit.containsKey("sim.record.bytes")) {
            return no("sim.record.bytes sizes the simulator's records (batches, caches, segments); a real run writes "
                    + "the real ledger's records, whose size a scene cannot set");
        }
        boolean powerCutOfApps = false;
        // Power cuts first: the page cache is the reason that matters most when a scene has several.
        for (Fault fault : scene.faults()) {
            if (fault.kind().equals("power-cut")) {
                if (cutMachines(scene, fault).stream().anyMatch(t -> !t.startsWith("app-"))) {
                    return no("a power cut of a broker loses its page cache (writes Kafka never fsynced); killing "
                            + "the process keeps the page cache, so real Kafka would lose nothing here");
                }
                if (!settings.isHandMade()) {
                    return no("a power cut of a Kafka Streams host loses RocksDB files and the checkpoint from the "
                            + "page cache; kill -9 keeps them, so the real run would show a different restart");
                }
                if (fault.domain() != null) {
                    return no("the real runner fires a power cut at named apps only; name the app (target: app-1) "
                            + "instead of its power domain " + fault.domain());
                }
                powerCutOfApps = true;
            }
        }
        for (Fault fault : scene.faults()) {
            switch (fault.kind()) {
                case "isolate", "slow" -> {
                    return no("network faults (" + fault.kind() + ") need a proxy or tc netem between processes; the "
                            + "real runner only kills, pauses and restarts processes");
                }
                case "replication-lag" -> {
                    if (fault.targets().stream().anyMatch(t -> !t.startsWith("followers:"))) {
                        return no("replication lag of a named broker is not reproduced; only slow followers of a "
                                + "partition are (replica.fetch.min.bytes and replica.fetch.wait.max.ms)");
                    }
                }
                default -> {
                    // kill, pause, restart, leader-bounce map to SIGKILL, SIGSTOP/SIGCONT and process starts
                }
            }
        }
        String how = "kill -9, SIGSTOP/SIGCONT and restarts of real processes";
        if (powerCutOfApps) {
            how += "; the application host's power cut is run as kill -9 of the app, which loses the same thing here "
                    + "(the producer buffer in memory): the hand-made app keeps nothing on its own disk";
        }
        return new Crosscheckability(true, how);
    }

    /**
     * The machines a power cut hits: its targets, or the members of its power domain; "rack" holds every machine no
     * domain lists, so it is taken to hold brokers.
     */
    private static List<String> cutMachines(LogScene scene, Fault fault) {
        if (fault.domain() == null) {
            return fault.targets();
        }
        return scene.powerDomains().getOrDefault(fault.domain(), List.of("broker-1"));
    }

    private static Crosscheckability no(String reason) {
        return new Crosscheckability(false, reason);
    }
}
