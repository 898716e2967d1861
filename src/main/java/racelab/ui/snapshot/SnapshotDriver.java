package racelab.ui.snapshot;

import racelab.ui.ledger.LedgerWorkbenchViewModel;
import racelab.ui.logtimeline.LogTimelineViewModel;
import racelab.ui.logview.LogSceneViewModel;

/** Drives an open page to the state a snapshot asks for; one implementation per kind of page. */
interface SnapshotDriver {

    /** Whether the page has its run and nothing is being computed. */
    boolean ready();

    /** Why the run failed, or empty. */
    String failure();

    int stepCount();

    void showStep(int step);

    void chooseMitigation(String id);

    static SnapshotDriver of(Object page) {
        if (page instanceof LedgerWorkbenchViewModel) {
            return new LedgerDriver((LedgerWorkbenchViewModel) page);
        }
        if (page instanceof LogSceneViewModel) {
            return new LogDriver((LogSceneViewModel) page);
        }
        if (page instanceof LogTimelineViewModel) {
            return new TimelineDriver((LogTimelineViewModel) page);
        }
        throw new SnapshotCommand.UsageRuntime("this scene opened with an error; open it in the app to see it");
    }

    /** A ledger scene: ready once the run for the current mitigation and schedule is on screen. */
    final class LedgerDriver implements SnapshotDriver {
        private final LedgerWorkbenchViewModel page;

        LedgerDriver(LedgerWorkbenchViewModel page) {
            this.page = page;
        }

        @Override
        public boolean ready() {
            return page.pendingRunProperty().get() == null && !page.runningProperty().get();
        }

        @Override
        public String failure() {
            return page.runErrorProperty().get();
        }

        @Override
        public int stepCount() {
            return page.replay().sizeProperty().get();
        }

        @Override
        public void showStep(int step) {
            page.replay().positionProperty().set(step);
        }

        @Override
        public void chooseMitigation(String id) {
            page.mitigationProperty().set(id);
        }
    }

    /**
     * A log scene: steps are the run's labelled moments ({@code 0} = before the fault, then after each fault,
     * then after recovery); the first wrong account is selected so its lineage is in the picture.
     */
    final class LogDriver implements SnapshotDriver {
        private final LogSceneViewModel page;

        LogDriver(LogSceneViewModel page) {
            this.page = page;
        }

        @Override
        public boolean ready() {
            return page.pendingRunProperty().get() == null && !page.runningProperty().get();
        }

        @Override
        public String failure() {
            return page.runErrorProperty().get();
        }

        @Override
        public int stepCount() {
            return page.resultProperty().get().snapshots().size() - 1;
        }

        @Override
        public void showStep(int step) {
            page.snapshotIndexProperty().set(step);
            if (!page.resultProperty().get().wrongAccounts().isEmpty()) {
                page.selectedAccountProperty().set(page.resultProperty().get().wrongAccounts().get(0).account());
            }
        }

        @Override
        public void chooseMitigation(String id) {
            throw new SnapshotCommand.UsageRuntime("--mitigation applies to ledger scenes only");
        }
    }

    /**
     * A log step scene on the timeline page: steps are record-level events ({@code 0} = before the first, the event
     * count = the end, where the forensics show).
     */
    final class TimelineDriver implements SnapshotDriver {
        private final LogTimelineViewModel page;

        TimelineDriver(LogTimelineViewModel page) {
            this.page = page;
        }

        /** The run and the explore strip's sweep are both in, so the picture has the strip too. */
        @Override
        public boolean ready() {
            return page.pendingRunProperty().get() == null && !page.runningProperty().get()
                    && page.pendingSweepProperty().get() == null && !page.sweepingProperty().get();
        }

        @Override
        public String failure() {
            return page.runErrorProperty().get();
        }

        @Override
        public int stepCount() {
            return page.cursor().sizeProperty().get();
        }

        @Override
        public void showStep(int step) {
            page.cursor().positionProperty().set(step);
        }

        @Override
        public void chooseMitigation(String id) {
            throw new SnapshotCommand.UsageRuntime("--mitigation applies to ledger scenes only");
        }
    }
}
