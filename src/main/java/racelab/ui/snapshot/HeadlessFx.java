package racelab.ui.snapshot;

import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;

/**
 * Starts the JavaFX toolkit on Monocle's headless platform with the software renderer.
 *
 * <p>The glass, Monocle and Prism properties are read once when the toolkit starts, so they are set here first;
 * that is what makes rendering work with no display at all (CI, ssh, containers).
 */
public final class HeadlessFx {

    private static boolean started;

    private HeadlessFx() {
    }

    public static synchronized void start() {
        if (started) {
            return;
        }
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
        // A big virtual screen, so wide windows are not clipped to Monocle's default size.
        System.setProperty("headless.geometry", "2560x1600-32");
        CountDownLatch ready = new CountDownLatch(1);
        try {
            Platform.startup(ready::countDown);
        } catch (IllegalStateException alreadyRunning) {
            ready.countDown();
        }
        Platform.setImplicitExit(false);
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started = true;
    }
}
