package racelab.walkthrough;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import racelab.logsim.scene.LogScene;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * One stop of a walkthrough: a scene with its fix or settings, what to ask, what the candidate predicts, hints,
 * the reveal and follow-up questions for the interviewer.
 *
 * @param sceneFile the scene file (a shipped scene by id, or a trainer's own file relative to the walkthrough)
 * @param ledgerScene the loaded scene for a ledger stop, else null
 * @param logScene the loaded scene for a log stop, else null
 * @param mitigation ledger only: the mitigation to run (the scene's own when the file names none)
 * @param schedule ledger only: the interleaving to run (the scene's own when the file gives none)
 * @param seed log only: the seed (the scene's own when the file gives none)
 * @param settings log only: Kafka settings that override the scene's, may be empty
 * @param interview whether the stop belongs to the short interview path (every stop belongs to the class)
 * @param hints revealed one at a time
 * @param reveal the explanation shown with the real run
 * @param keyStep ledger: the replay position pictured in the session report; -1 for the first step where the
 *     run breaks a rule or waits, else the end
 * @param prediction null when the stop asks nothing to predict
 * @param challenge null when the stop is not a challenge
 * @param faultAfter log only: where the stop places the scene's fault (the one {@code log-explore} sweeps), right
 *     after this event of the scene's step trace ({@code after: N}); -1 when the scene's own placement stands. The
 *     stop's {@code logScene} already has the fault there.
 * @param location {@code file:line:column} of the stop in its walkthrough, for messages
 */
public record Stop(String id, String title, Path sceneFile, LedgerScene ledgerScene, LogScene logScene,
        String mitigation, List<StepRef> schedule, long seed, Map<String, String> settings, boolean interview,
        int minutes, String ask, Prediction prediction, List<String> hints, String reveal, List<FollowUp> followUps,
        int keyStep, Challenge challenge, int faultAfter, String location) {

    public Stop {
        schedule = schedule == null ? null : List.copyOf(schedule);
        settings = Map.copyOf(settings);
        hints = List.copyOf(hints);
        followUps = List.copyOf(followUps);
    }

    public boolean isLedger() {
        return ledgerScene != null;
    }

    /** {@code ledger} or {@code log}. */
    public String kind() {
        return isLedger() ? "ledger" : "log";
    }

    /** The scene's id. */
    public String sceneId() {
        return isLedger() ? ledgerScene.id() : logScene.id();
    }

    /** Whether the stop places its log scene's fault by position (and so opens on the step timeline). */
    public boolean placesFault() {
        return faultAfter >= 0;
    }

    /** The scene's title. */
    public String sceneTitle() {
        return isLedger() ? ledgerScene.title() : logScene.title();
    }

    /** A question for the interviewer to ask after the reveal, with the answer a strong candidate gives. */
    public record FollowUp(String question, String answer) {
    }
}
