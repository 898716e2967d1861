package racelab.ui.logtimeline;

import racelab.logsim.scene.LogScene;

/**
 * Which log scenes open on the timeline page: small journals made for stepping, whose every record-level event fits
 * on screen as a card. Bigger scenes keep the cluster page and open the timeline on a window around their fault.
 */
public final class StepScenes {

    /** Journal entries (openings and transfers) a step scene has at most; the shipped step scenes have 2 to 8. */
    public static final int ENTRIES_MAX = 12;

    private StepScenes() {
    }

    public static boolean isStepScene(LogScene scene) {
        return scene.workload().accounts() + scene.workload().transfers() <= ENTRIES_MAX;
    }
}
