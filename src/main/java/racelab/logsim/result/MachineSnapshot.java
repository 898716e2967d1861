package racelab.logsim.result;

/** A machine at a moment. */
public record MachineSnapshot(String id, String powerDomain, boolean up, boolean paused, boolean isolated,
        boolean fenced) {
}
