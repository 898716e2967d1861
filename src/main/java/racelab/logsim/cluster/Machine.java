package racelab.logsim.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * A machine of the simulated data center: a broker, a stream application instance, or the upstream client. It sits
 * in one power domain and can be powered off, killed, paused (SIGSTOP) or cut off from the network.
 */
public final class Machine {

    public final String id;
    public final String powerDomain;
    public final int brokerIndex;

    boolean up = true;
    boolean paused;
    boolean isolated;
    long extraDelayMs;
    int incarnation;
    private List<Runnable> deferred = new ArrayList<>();

    public Machine(String id, String powerDomain, int brokerIndex) {
        this.id = id;
        this.powerDomain = powerDomain;
        this.brokerIndex = brokerIndex;
    }

    private int linkIndex = -1;

    /** This machine's row in the cluster's link-delay table. */
    int linkIndex(Cluster cluster) {
        if (linkIndex < 0) {
            linkIndex = cluster.nextLinkIndex();
        }
        return linkIndex;
    }

    public boolean isBroker() {
        return brokerIndex >= 0;
    }

    public boolean isUp() {
        return up;
    }

    public boolean isPaused() {
        return paused;
    }

    public boolean isIsolated() {
        return isolated;
    }

    long replicationDelayMs;

    /** Delays this broker's follower fetches each way (a follower that falls behind under load). */
    public void replicationDelayMs(long delayMs) {
        replicationDelayMs = delayMs;
    }

    /** Adds a one-way delay to every message to or from this machine (a slow link). */
    public void extraDelayMs(long delayMs) {
        extraDelayMs = delayMs;
    }

    public int incarnation() {
        return incarnation;
    }

    /** Whether it can serve requests right now. */
    public boolean reachable() {
        return up && !isolated;
    }

    /**
     * Wraps an action of this machine's current incarnation: dropped if the machine died or restarted since, and held
     * back while the machine is paused (a stopped process runs nothing, then catches up in order).
     */
    public Runnable guard(Runnable action) {
        int scheduledIncarnation = incarnation;
        return () -> runGuarded(scheduledIncarnation, action);
    }

    /** Runs {@code action} now if this machine is still in {@code scheduledIncarnation} and not paused. */
    public void runGuarded(int scheduledIncarnation, Runnable action) {
        if (!up || incarnation != scheduledIncarnation) {
            return;
        }
        if (paused) {
            deferred.add(action);
            return;
        }
        action.run();
    }

    public void pause() {
        paused = true;
    }

    /** Resumes and returns the actions held back while paused, in order. */
    public List<Runnable> resume() {
        paused = false;
        List<Runnable> held = deferred;
        deferred = new ArrayList<>();
        return held;
    }

    public void powerOff() {
        up = false;
        paused = false;
        deferred = new ArrayList<>();
        incarnation++;
    }

    public void powerOn() {
        up = true;
        incarnation++;
    }
}
