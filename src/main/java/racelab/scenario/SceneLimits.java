package racelab.scenario;

/**
 * Limits every scene file must keep, whatever its kind. They exist so that a broken or hostile file is rejected with a
 * located message before it can exhaust the stack, the heap or a database column; scenes/README.md and
 * docs/log-scenes.md state them. Kind-specific limits (lanes, accounts, simulated time) live in each loader.
 */
public final class SceneLimits {

    /** Largest scene file, checked before the file is read: the biggest shipped scene is under 4 KiB. */
    public static final int FILE_BYTES_MAX = 1 << 20;

    /** Deepest nesting of lists and mappings: scenes need 3 levels; the YAML composer recurses once per level. */
    public static final int DEPTH_MAX = 16;

    /** Longest id (account, group, transfer, instance, request key): the ledger tables store ids in VARCHAR(64). */
    public static final int ID_LENGTH_MAX = 64;

    /** Longest one-line text such as a title or a fault note. */
    public static final int LINE_LENGTH_MAX = 200;

    /** Longest free text such as a narration or a step note. */
    public static final int TEXT_LENGTH_MAX = 20_000;

    private SceneLimits() {
    }

    /** A byte count the way messages show it, e.g. "1 MiB (1,048,576 bytes)". */
    static String bytes(long count) {
        return String.format("%,d bytes", count);
    }
}
