package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;

class LogSettingsTest {

    @Test
    void defaultsAreKafkas() {
        LogSettings s = LogSettings.defaults();
        assertThat(s.get("acks")).isEqualTo("all");
        assertThat(s.getLong("linger.ms")).isEqualTo(100);
        assertThat(s.getLong("commit.interval.ms")).isEqualTo(30_000);
        assertThat(s.get("processing.guarantee")).isEqualTo("at_least_once");
        assertThat(s.getLong("flush.messages")).isEqualTo(Long.MAX_VALUE);
        assertThat(s.idempotenceEffective()).isTrue();
        // Streams' replication.factor=-1 takes the broker's default.replication.factor, which is 1.
        assertThat(s.topicLong("changelog", "replication.factor")).isEqualTo(1);
        assertThat(s.topic("changelog", "cleanup.policy")).isEqualTo("compact");
        assertThat(s.topic("journal", "cleanup.policy")).isEqualTo("delete");
    }

    @Test
    void exactlyOnceShortensTheCommitInterval() throws SettingException {
        LogSettings s = LogSettings.of(Map.of("processing.guarantee", "exactly_once_v2"));
        assertThat(s.getLong("commit.interval.ms")).isEqualTo(100);
        assertThat(s.idempotenceEffective()).isTrue();
    }

    @Test
    void acksOneSilentlyDisablesDefaultIdempotenceButRejectsExplicitIdempotence() throws SettingException {
        assertThat(LogSettings.of(Map.of("acks", "1")).idempotenceEffective()).isFalse();
        assertThatThrownBy(() -> LogSettings.of(Map.of("acks", "1", "enable.idempotence", "true")))
                .hasMessageContaining("Must set acks to all in order to use the idempotent producer");
        assertThatThrownBy(() -> LogSettings.of(Map.of("acks", "1", "processing.guarantee", "exactly_once_v2")))
                .hasMessageContaining("Must set acks to all").hasMessageContaining("exactly_once_v2 turns idempotence on");
    }

    @Test
    void topicScopedSettingsWinOverGlobalOnes() throws SettingException {
        LogSettings s = LogSettings.of(Map.of("min.insync.replicas", "2", "changelog/min.insync.replicas", "1"));
        assertThat(s.topicLong("changelog", "min.insync.replicas")).isEqualTo(1);
        assertThat(s.topicLong("journal", "min.insync.replicas")).isEqualTo(2);
    }

    @Test
    void unknownNamesAndBadValuesAreClearErrors() {
        assertThatThrownBy(() -> LogSettings.of(Map.of("acks.level", "1"))).hasMessageContaining("unknown setting 'acks.level'");
        assertThatThrownBy(() -> LogSettings.of(Map.of("acks", "2"))).hasMessageContaining("expected one of all, -1, 1, 0");
        assertThatThrownBy(() -> LogSettings.of(Map.of("linger.ms", "soon"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> LogSettings.of(Map.of("journal/acks", "1"))).hasMessageContaining("not a topic-level config");
        assertThatThrownBy(() -> LogSettings.of(Map.of("ledger/flush.ms", "1"))).hasMessageContaining("unknown topic 'ledger'");
        assertThatThrownBy(() -> LogSettings.of(Map.of("replication.factor", "5"))).hasMessageContaining("replication factor 5");
    }
}
