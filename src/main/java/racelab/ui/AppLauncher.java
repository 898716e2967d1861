package racelab.ui;

import javafx.application.Application;

/** Starts the JavaFX application; kept apart so headless commands never touch the toolkit. */
public final class AppLauncher {

    private AppLauncher() {
    }

    public static void launch(String[] args) {
        LedgerLabApp.mark("main");
        Application.launch(LedgerLabApp.class, args);
    }
}
