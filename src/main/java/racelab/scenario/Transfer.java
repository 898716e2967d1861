package racelab.scenario;

/**
 * One API request moving money; each transfer is one lane on the timeline.
 *
 * @param amount whole currency units, always positive
 * @param instance the application instance (process) that serves the request; in-process locks are per instance
 * @param requestKey the client's request key, shared by a request and its retries; null when the client sends none
 * @param absoluteWrite true when the app writes the balance it computed ({@code SET balance = 20}) instead of a
 *     relative change ({@code SET balance = balance - 80})
 * @param readFromReplica true when the app reads balances for its check from the read replica
 */
public record Transfer(String id, String from, String to, long amount, String instance, String requestKey,
                       boolean absoluteWrite, boolean readFromReplica) {

    /** The instance every transfer runs in unless the scene says otherwise. */
    public static final String DEFAULT_INSTANCE = "app-1";

    /** A plain transfer: default instance, no request key, relative write, reads from the primary. */
    public Transfer(String id, String from, String to, long amount) {
        this(id, from, to, amount, DEFAULT_INSTANCE, null, false, false);
    }
}
