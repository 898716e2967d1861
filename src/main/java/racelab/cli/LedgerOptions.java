package racelab.cli;

import racelab.ledger.Mitigations;

/** Flags shared by {@code run} and {@code bench-replay}. */
final class LedgerOptions {

    String scene;
    String mitigation;
    String schedule;
    Boolean idempotencyKeys;
    boolean json;
    int runs = 2000;

    static LedgerOptions parse(String[] args, boolean bench) throws UsageException {
        LedgerOptions options = new LedgerOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--mitigation":
                    options.mitigation = value(args, ++i, arg);
                    if (Mitigations.byId(options.mitigation).isEmpty()) {
                        throw new UsageException("unknown mitigation '" + options.mitigation + "'; expected one of "
                                + String.join(", ", Mitigations.ids()));
                    }
                    break;
                case "--schedule":
                    options.schedule = value(args, ++i, arg);
                    break;
                case "--idempotency-keys":
                    String keys = value(args, ++i, arg);
                    if (!keys.equals("on") && !keys.equals("off")) {
                        throw new UsageException("--idempotency-keys expects on or off, found '" + keys + "'");
                    }
                    options.idempotencyKeys = keys.equals("on");
                    break;
                case "--json":
                    options.json = true;
                    break;
                case "--runs":
                    if (!bench) {
                        throw new UsageException("unknown option --runs");
                    }
                    String runs = value(args, ++i, arg);
                    try {
                        options.runs = Integer.parseInt(runs);
                    } catch (NumberFormatException e) {
                        options.runs = -1;
                    }
                    if (options.runs < 1) {
                        throw new UsageException("--runs expects a positive whole number, found '" + runs + "'");
                    }
                    break;
                default:
                    if (arg.startsWith("--")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (options.scene != null) {
                        throw new UsageException("expected one SCENE, found a second one: '" + arg + "'");
                    }
                    options.scene = arg;
            }
        }
        if (options.scene == null) {
            throw new UsageException("missing SCENE (a scene file, or the id of a scene in ./scenes)");
        }
        return options;
    }

    private static String value(String[] args, int index, String flag) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(flag + " expects a value");
        }
        return args[index];
    }
}
