package racelab.logsim.config;

/** A setting name or value the simulator does not accept; the message is ready to show as is. */
public final class SettingException extends Exception {

    public SettingException(String message) {
        super(message);
    }
}
