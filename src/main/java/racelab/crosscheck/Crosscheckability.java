package racelab.crosscheck;

import java.util.List;
import java.util.Map;
import racelab.logsim.config.LogSettings;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;

/**
 * Whether a log scene can be run on real Kafka with real processes, and why not when it cannot. The rule that matters
 * most: a power cut cannot be reproduced by killing a process, because the kernel keeps the page cache of a killed
 * process's files; what such a scene shows (unflushed broker logs, RocksDB files and checkpoints lost) stays
 * "simulated only".
 *
 * @param checkable true when {@link RealRun} can run the scene
 * @param reason for a checkable scene how the faults map to real ones; otherwise why it stays simulated only
 */
public record Crosscheckability(boolean checkable, String reason) {

    /** Simulator knobs that model mechanisms a real run cannot set (they are about disks, not processes). */
    private static final List<String> DISK_KNOBS = List.of("sim.os.dirty.expire.ms", "sim.os.writeback.interval.ms",
            "sim.checkpoint.offset.delta", "sim.checkpoint.after.store.flush", "sim.rocksdb.memtable.records");

    public static Crosscheckability of(LogScene scene, LogSettings settings) {
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
        boolean powerCutOfApps = false;
        // Power cuts first: the page cache is the reason that matters most when a scene has several.
        for (Fault fault : scene.faults()) {
            if (fault.kind().equals("power-cut")) {
                if (fault.domain() != null || fault.targets().stream().anyMatch(t -> !t.startsWith("app-"))) {
                    return no("a power cut of a broker loses its page cache (writes Kafka never fsynced); killing "
                            + "the process keeps the page cache, so real Kafka would lose nothing here");
                }
                if (!settings.isHandMade()) {
                    return no("a power cut of a Kafka Streams host loses RocksDB files and the checkpoint from the "
                            + "page cache; kill -9 keeps them, so the real run would show a different restart");
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

    private static Crosscheckability no(String reason) {
        return new Crosscheckability(false, reason);
    }
}
