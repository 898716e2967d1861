package racelab.logsim.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/**
 * The verdict a page shows names what is wrong. An at-least-once run whose balances are right but whose applied topic
 * holds F1 duplicates was headed "WRONG BALANCES", which taught something false.
 */
class LogVerdictTest {

    private static LogRunResult run(String scene, boolean fixed) throws Exception {
        LogScene s = LogSceneLoader.load(Path.of("scenes/" + scene + ".yaml"));
        return LogSimulation.run(s, s.seed(), fixed ? s.fix() : java.util.Map.of());
    }

    @Test
    void rightBalancesWithDuplicateDecisionsAreNotCalledWrongBalances() throws Exception {
        // f4's fix (the Streams commit instead of auto-commit) stays at_least_once: a crash replays decisions (F1).
        LogRunResult r = run("f4-auto-commit-before-durable", true);
        assertThat(r.wrongAccounts()).isEmpty();
        assertThat(r.correct()).isFalse();
        assertThat(r.output(OutputAudit.APPLIED).duplicated()).isNotEmpty();

        LogVerdict v = LogVerdict.of(r);
        assertThat(v.kind()).isEqualTo(LogVerdict.Kind.WRONG);
        assertThat(v.headline()).isEqualTo("BALANCES RIGHT, DUPLICATES IN APPLIED TOPIC").doesNotContain("WRONG");
        assertThat(v.sentence()).startsWith("every balance right")
                .contains("the applied topic holds " + r.output(OutputAudit.APPLIED).duplicated().size()
                        + " entries decided twice")
                .contains("F1");
    }

    @Test
    void wrongBalancesAndRightRunsKeepTheirHeadlines() throws Exception {
        LogRunResult broken = run("f1-alos-double-apply", false);
        assertThat(broken.wrongAccounts()).isNotEmpty();
        assertThat(LogVerdict.of(broken).headline()).isEqualTo("WRONG BALANCES");
        assertThat(LogVerdict.of(broken).sentence()).startsWith(broken.wrongAccounts().size() + " of ");

        LogRunResult fixed = run("f1-alos-double-apply", true);
        assertThat(fixed.correct()).isTrue();
        assertThat(LogVerdict.of(fixed)).isEqualTo(new LogVerdict("ALL BALANCES RIGHT", "every balance right; nothing "
                + "lost, duplicated or wrongly decided in any output (" + fixed.entries() + " entries)",
                LogVerdict.Kind.RIGHT));
    }
}
