package racelab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.trace.FaultSweep;

/**
 * Which fault a log command places or sweeps, and where, as a picocli mixin: {@code --fault KIND:TARGETS} names a
 * fault instead of the scene's own, {@code --after N} places it right after event N of the step trace.
 */
public final class FaultPlacementArgs {

    @Option(names = "--fault", paramLabel = "KIND:TARGETS", description = "The fault to place instead of the scene's "
            + "own (its last, or the one it places by position): a kind (power-cut, kill, pause, isolate, slow, "
            + "replication-lag, leader-bounce, restart) and comma-separated machines, partitions or, for power-cut, a "
            + "power domain: power-cut:broker-1,app-1, kill:leader:changelog-0, power-cut:rack.")
    String fault;

    @Option(names = "--after", paramLabel = "N", description = "Fire the fault right after event N of the scene's "
            + "step trace instead of at its time (0: before the first event; log --steps numbers the events).")
    Integer after;

    private static final String TARGET = "(broker|app)-\\d{1,2}|(leader|followers):(journal|changelog|applied"
            + "|__consumer_offsets)-\\d{1,9}";

    /** The fault the options name: {@code --fault} parsed, else the scene's default fault (null if it has none). */
    Fault fault(LogScene scene) throws UsageException {
        Fault own = FaultSweep.defaultFault(scene);
        if (fault == null) {
            return own;
        }
        int colon = fault.indexOf(':');
        String kind = colon < 0 ? fault : fault.substring(0, colon);
        if (!Fault.KINDS.contains(kind)) {
            throw new UsageException("--fault: unknown kind '" + kind + "'; expected one of " + String.join(", ", Fault.KINDS));
        }
        if (colon < 0 || colon == fault.length() - 1) {
            throw new UsageException("--fault: expected KIND:TARGETS such as power-cut:broker-1,app-1, found '" + fault + "'");
        }
        String rest = fault.substring(colon + 1);
        String domain = null;
        List<String> targets = new ArrayList<>();
        if (kind.equals("power-cut") && (rest.equals("rack") || scene.powerDomains().containsKey(rest))) {
            domain = rest;
        } else {
            for (String t : rest.split(",", -1)) {
                if (!t.strip().matches(TARGET)) {
                    throw new UsageException("--fault: unknown target '" + t + "'; expected broker-N, app-N, "
                            + "leader:<topic>-<p>, followers:<topic>-<p> or (power-cut) rack or a power domain of the scene");
                }
                targets.add(t.strip());
            }
        }
        boolean sameKind = own != null && own.kind().equals(kind);
        long duration = sameKind ? own.durationMs() : kind.equals("restart") ? -1 : 10_000;
        long delay = sameKind ? own.delayMs() : kind.equals("slow") || kind.equals("replication-lag") ? 1_000 : 0;
        long atMs = own == null ? 0 : own.atMs();
        return new Fault(atMs, kind, List.copyOf(targets), domain, duration, delay, "--fault " + fault);
    }

    /**
     * The scene as the options change it: the named fault replaces the scene's own, and with {@code --after} it
     * fires after that event instead of at its time.
     */
    LogScene apply(LogScene scene) throws UsageException {
        if (fault == null && after == null) {
            return scene;
        }
        Fault own = FaultSweep.defaultFault(scene);
        Fault chosen = fault(scene);
        if (chosen == null) {
            throw new UsageException("--after: scene " + scene.id() + " has no fault to place; name one with --fault");
        }
        if (after != null && after < 0) {
            throw new UsageException("--after: expected an event number of 0 or more, found " + after);
        }
        LogScene base = own == null ? scene : FaultSweep.without(scene, own);
        List<Fault> faults = new ArrayList<>(base.faults());
        if (after != null) {
            chosen = chosen.afterEvent(after, "");
        } else if (own != null && own.isByPosition()) {
            chosen = chosen.afterEvent(own.afterEvent(), own.origin());
        }
        faults.add(chosen);
        return FaultSweep.withFaults(scene, faults);
    }
}
