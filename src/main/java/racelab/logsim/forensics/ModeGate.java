package racelab.logsim.forensics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import racelab.logsim.config.LogSettings;

/**
 * Which catalog modes a run's settings leave possible. Forensics names a mode only when this says its setting is in
 * the unsafe state; a guess that fails the gate is reported as unexplained instead (a simulator or audit bug to fix,
 * never a wrong lesson). The modes and their knobs are those of shared/reference/kafka-lost-writes.md.
 */
public final class ModeGate {

    private static final String[] ROLES = {"journal", "changelog", "applied", "__consumer_offsets"};

    private ModeGate() {
    }

    /**
     * Whether {@code mode} (F1..F18, or {@link Forensics#KAFKA_15591}) can happen with these settings. Other labels
     * (pending, consequence) are always allowed.
     */
    public static boolean possible(String mode, LogSettings s) {
        switch (mode) {
            case "F1":
                // at-least-once replays after a crash; the hand-made design has no exactly-once either
                return !s.isExactlyOnce();
            case "F2":
                return s.getBool("sim.store.caching") && s.getLong(LogSettings.STATESTORE_CACHE_MAX_BYTES) > 0
                        && !s.isHandMade();
            case "F3":
                // a send given up on while its offset is committed: only a handler that continues past failed sends
                return continuesPastFailedSends(s);
            case "F4":
                return s.isHandMade() && s.getBool(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
            case "F5":
                return s.acks() != -1;
            case "F6":
                return !s.idempotenceEffective() && s.getLong("max.in.flight.requests.per.connection") > 1
                        && s.getLong("retries") > 0;
            case "F7":
                return anyTopic(s, role -> s.topicLong(role, LogSettings.STREAMS_REPLICATION_FACTOR) == 1
                        || s.topicLong(role, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG) < 2);
            case "F8":
                return anyTopic(s, role -> Boolean.parseBoolean(s.topic(role, TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG)));
            case "F9":
                return fsyncOff(s);
            case "F10":
                return fsyncOff(s) && !eligibleLeaderReplicas(s);
            case "F11":
                // leader-epoch truncation deletes acknowledged data only through one of these
                return possible("F5", s) || possible("F7", s) || possible("F8", s) || possible("F9", s);
            case "F12":
                return !s.getBool("sim.checkpoint.after.store.flush");
            case "F14":
                return !s.isExactlyOnce();
            case "F15":
                return s.topic("changelog", TopicConfig.CLEANUP_POLICY_CONFIG).contains("delete");
            case "F17":
                return s.get("sim.entry.routing").equals("legs");
            case Forensics.KAFKA_15591:
                // Only an idempotent producer with more than one request in flight has sequences for the broker to
                // accept out of order (Forensics.KAFKA_15591).
                return s.idempotenceEffective() && s.getLong("max.in.flight.requests.per.connection") > 1
                        && s.getLong("retries") > 0;
            default:
                return !mode.matches("F\\d+");
        }
    }

    /** Whether some topic acknowledges writes that are not yet on disk. */
    public static boolean fsyncOff(LogSettings s) {
        return anyTopic(s, role -> s.topicLong(role, TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG) > 1
                && s.topicLong(role, TopicConfig.FLUSH_MS_CONFIG) > 0);
    }

    /** KIP-966 eligible leader replicas, when the simulator knows the setting (it is added with issue 10, point 4). */
    static boolean eligibleLeaderReplicas(LogSettings s) {
        for (String name : LogSettings.knownNames()) {
            if (name.contains("eligible.leader.replicas")) {
                String value = s.get(name);
                return value.equals("true") || value.equals("1");
            }
        }
        return false;
    }

    private static boolean continuesPastFailedSends(LogSettings s) {
        for (String name : LogSettings.knownNames()) {
            if (name.contains("production.exception.handler")) {
                return s.get(name).toLowerCase(java.util.Locale.ROOT).contains("continue");
            }
        }
        return false;
    }

    private static boolean anyTopic(LogSettings s, java.util.function.Predicate<String> unsafe) {
        for (String role : ROLES) {
            if (unsafe.test(role)) {
                return true;
            }
        }
        return false;
    }
}
