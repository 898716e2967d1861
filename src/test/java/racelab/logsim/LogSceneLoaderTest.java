package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.scenario.SceneFormatException;

class LogSceneLoaderTest {

    private static final String VALID = String.join("\n",
            "id: tiny",
            "kind: log",
            "settings:",
            "  acks: 1",
            "fix: { acks: all }",
            "workload: { accounts: 3, transfers: 10 }",
            "faults:",
            "  - { at: 1000, kind: kill, target: 'leader:changelog-0' }",
            "");

    @Test
    void readsAValidScene() throws SceneFormatException {
        LogScene scene = LogSceneLoader.parse("tiny.yaml", VALID);
        assertThat(scene.id()).isEqualTo("tiny");
        assertThat(scene.settings()).containsEntry("acks", "1");
        assertThat(scene.fix()).containsEntry("acks", "all");
        assertThat(scene.faults()).hasSize(1);
        assertThat(scene.faults().get(0).durationMs()).isEqualTo(10_000);
        assertThat(scene.workload().accounts()).isEqualTo(3);
    }

    @Test
    void unknownSettingIsLocated() {
        String text = VALID.replace("  acks: 1", "  acks: 1\n  ackz: 1");
        assertThatThrownBy(() -> LogSceneLoader.parse("tiny.yaml", text))
                .isInstanceOf(SceneFormatException.class)
                .hasMessageStartingWith("tiny.yaml:5:9: unknown setting 'ackz'");
    }

    @Test
    void badValueIsLocated() {
        String text = VALID.replace("  acks: 1", "  acks: maybe");
        assertThatThrownBy(() -> LogSceneLoader.parse("tiny.yaml", text))
                .hasMessageStartingWith("tiny.yaml:4:9: setting 'acks': expected one of");
    }

    @Test
    void unknownFaultKindAndTargetAreLocated() {
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID.replace("kind: kill", "kind: nuke")))
                .hasMessageStartingWith("t.yaml:8:23: unknown fault kind 'nuke'");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID.replace("'leader:changelog-0'", "broker-9")))
                .hasMessageContaining("t.yaml:8:").hasMessageContaining("unknown target 'broker-9'");
    }

    @Test
    void unknownKeyWrongKindAndBadIdAreLocated() {
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID + "colour: red\n"))
                .hasMessageStartingWith("t.yaml:9:1: unknown key 'colour' in log scene");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID.replace("kind: log", "kind: ledger")))
                .hasMessageStartingWith("t.yaml:2:7: expected kind: log");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID.replace("id: tiny", "id: Tiny_Scene")))
                .hasMessageStartingWith("t.yaml:1:5: expected id in kebab-case");
    }

    @Test
    void fixThatDoesNotCombineIsReported() {
        String text = VALID.replace("fix: { acks: all }", "fix: { processing.guarantee: exactly_once_v2 }");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", text))
                .hasMessageStartingWith("t.yaml:5:6: the fix does not combine");
    }

    @Test
    void aHugePartitionNumberIsAnErrorNotANumberFormatException() {
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID.replace("changelog-0", "changelog-99999999999")))
                .isInstanceOf(SceneFormatException.class)
                .hasMessage("t.yaml:8:37: partition 99999999999 does not exist; changelog has 1 partition(s)");
    }

    @Test
    void replicationLagOnALeaderIsRejected() {
        String text = VALID.replace("kind: kill", "kind: replication-lag, durationMs: 1000, delayMs: 50");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", text))
                .hasMessageStartingWith("t.yaml:8:5: replication-lag slows follower fetches and a leader does not fetch");
    }

    @Test
    void timesPastOneSimulatedDayAreRejectedAtTheValue() {
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID.replace("at: 1000", "at: 4611686018427387000")))
                .hasMessage("t.yaml:8:11: expected at (ms) between 0 and 86,400,000, found 4,611,686,018,427,387,000");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID.replace("kind: kill", "kind: kill, durationMs: -5")))
                .hasMessageStartingWith("t.yaml:8:41: expected durationMs between 0 and 86,400,000 ms (or -1)");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID.replace("transfers: 10", "transfers: 1000, ratePerSecond: 1, startMs: 86000000")))
                .hasMessageStartingWith("t.yaml:6:37: the workload's last entry would be at 86,999,103 ms");
    }

    @Test
    void anOverrideThatRemovesAFaultsMachineIsBadInputBeforeTheRun() throws Exception {
        LogScene scene = LogSceneLoader.parse("t.yaml", VALID.replace("'leader:changelog-0'", "broker-3"));
        assertThatThrownBy(() -> LogSimulation.run(scene, 1, java.util.Map.of("sim.brokers", "2")))
                .isInstanceOf(racelab.logsim.config.SettingException.class)
                .hasMessageContaining("targets broker-3, which a cluster of broker-1, broker-2, app-1 does not have");
    }

    @Test
    void aCrosscheckStatementIsReadWithItsPlace() throws SceneFormatException {
        LogScene scene = LogSceneLoader.parse("t.yaml", VALID + "crosscheck:\n  checkable: true\n"
                + "  reason: kill -9 of the app\n  limit: timing-dependent\n");
        assertThat(scene.crosscheck().checkable()).isTrue();
        assertThat(scene.crosscheck().reason()).isEqualTo("kill -9 of the app");
        assertThat(scene.crosscheck().limit()).isEqualTo("timing-dependent");
        assertThat(scene.crosscheck().location()).isEqualTo("t.yaml:10:3");
        assertThat(LogSceneLoader.parse("t.yaml", VALID).crosscheck()).as("not stated").isNull();
    }

    @Test
    void aBadCrosscheckStatementIsLocated() {
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID + "crosscheck: { checkable: true }\n"))
                .isInstanceOf(SceneFormatException.class)
                .hasMessage("t.yaml:9:13: missing field 'reason' in crosscheck");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID + "crosscheck: { reason: why }\n"))
                .hasMessage("t.yaml:9:13: missing field 'checkable' in crosscheck");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID + "crosscheck: { checkable: maybe, reason: x }\n"))
                .hasMessage("t.yaml:9:26: expected crosscheck's checkable as true or false, found 'maybe'");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID + "crosscheck:\n  checkable: true\n  reason: ''\n"))
                .hasMessageStartingWith("t.yaml:11:11: expected crosscheck's reason as a sentence");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID
                + "crosscheck:\n  checkable: false\n  reason: a power cut\n  limit: none\n"))
                .hasMessageStartingWith("t.yaml:12:10: expected no limit on a scene that is not cross-checkable");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID + "crosscheck: { checkable: true, reason: x, "
                + "colour: red }\n"))
                .hasMessageStartingWith("t.yaml:9:43: unknown key 'colour' in crosscheck; expected one of checkable, "
                        + "reason, limit");
        assertThatThrownBy(() -> LogSceneLoader.parse("t.yaml", VALID + "crosscheck: yes\n"))
                .hasMessage("t.yaml:9:13: expected crosscheck as a mapping of key: value");
    }
}
