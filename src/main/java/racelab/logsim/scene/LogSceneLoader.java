package racelab.logsim.scene;

import java.nio.file.Path;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;
import racelab.scenario.SceneFormatException;
import racelab.scenario.SceneLimits;
import racelab.scenario.YamlNode;

/**
 * Reads {@code kind: log} scene files. Every problem is reported as {@code file:line:column: what was expected},
 * the same way ledger scenes report theirs.
 */
public final class LogSceneLoader {

    private static final Set<String> SCENE_KEYS = new LinkedHashSet<>(List.of("id", "kind", "title", "seed", "modes", "expect",
            "settings", "fix", "workload", "powerDomains", "faults", "durationMs", "narration", "crosscheck"));
    private static final Set<String> WORKLOAD_KEYS = new LinkedHashSet<>(List.of("accounts", "openingBalance", "transfers",
            "ratePerSecond", "maxAmount", "idleAccounts", "startMs"));
    private static final Set<String> FAULT_KEYS = new LinkedHashSet<>(List.of("at", "kind", "targets", "target", "domain",
            "durationMs", "delayMs", "note", "after"));
    /** Largest "after event N" a scene may name (a run's budget of events is far larger than any trace kept). */
    public static final int AFTER_EVENT_MAX = 1_000_000;
    private static final Set<String> CROSSCHECK_KEYS = new LinkedHashSet<>(List.of("checkable", "reason", "limit"));
    private static final List<String> EXPECTS = List.of("lost", "duplicated", "conservation", "none");

    /**
     * Latest simulated time a scene may name (fault times, durations, delays, the workload's last entry, the run's
     * length): one simulated day. Sums of these times cannot overflow, and the run's budget of simulated time holds.
     */
    public static final long TIME_MAX_MS = 86_400_000L;
    /** Most journal transfers a scene may generate; larger journals belong to {@code log-bench}. */
    public static final int TRANSFERS_MAX = 50_000;
    /** Most accounts a workload may open. */
    public static final int ACCOUNTS_MAX = 10_000;
    /** Largest opening balance and transfer amount, in cents: account totals stay far from overflow. */
    public static final long AMOUNT_MAX = 1_000_000_000_000L;
    /** Most faults in one scene, and most targets of one fault. */
    public static final int FAULTS_MAX = 50;
    public static final int TARGETS_MAX = 16;
    /** Most power domains, and most entries in a settings or fix mapping. */
    public static final int DOMAINS_MAX = 16;
    public static final int SETTINGS_MAX = 100;

    /** Accepts every key: settings maps are checked against Kafka's names by {@link LogSettings} instead. */
    private static final Set<String> ANY_KEY = new AbstractSet<>() {
        @Override
        public boolean contains(Object o) {
            return true;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    private LogSceneLoader() {
    }

    public static LogScene load(Path path) throws SceneFormatException {
        return parse(path.toString(), YamlNode.readFile(path));
    }

    public static LogScene parse(String file, String text) throws SceneFormatException {
        YamlNode root = YamlNode.parse(file, text);
        Map<String, YamlNode> fields = root.mapping("log scene", SCENE_KEYS);
        String id = YamlNode.required(root, fields, "id", "log scene").text("id", SceneLimits.ID_LENGTH_MAX);
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw fields.get("id").error("expected id in kebab-case (lowercase letters, digits and dashes), found '"
                    + YamlNode.shorten(id) + "'");
        }
        YamlNode kindNode = YamlNode.required(root, fields, "kind", "log scene");
        if (!kindNode.text("kind").equals("log")) {
            throw kindNode.error("expected kind: log in a log scene, found '" + YamlNode.shorten(kindNode.text("kind")) + "'");
        }
        String title = fields.containsKey("title") ? fields.get("title").text("title", SceneLimits.LINE_LENGTH_MAX) : id;
        long seed = fields.containsKey("seed") ? fields.get("seed").integer("seed") : 1;
        List<String> modes = new ArrayList<>();
        if (fields.containsKey("modes")) {
            for (YamlNode mode : fields.get("modes").sequence("modes", 18)) {
                String m = mode.text("mode");
                if (!m.matches("F([1-9]|1[0-8])")) {
                    throw mode.error("expected a catalog mode F1..F18, found '" + YamlNode.shorten(m) + "'");
                }
                modes.add(m);
            }
        }
        String expect = "none";
        if (fields.containsKey("expect")) {
            expect = fields.get("expect").text("expect");
            if (!EXPECTS.contains(expect)) {
                throw fields.get("expect").error("expected expect as one of " + String.join(", ", EXPECTS) + ", found '"
                        + YamlNode.shorten(expect) + "'");
            }
        }
        Map<String, String> settings = settings(fields.get("settings"), "settings");
        Map<String, String> fix = settings(fields.get("fix"), "fix");
        LogSettings resolved;
        try {
            resolved = LogSettings.of(settings);
        } catch (SettingException e) {
            throw settingNode(fields.get("settings"), root, e).error(e.getMessage());
        }
        try {
            resolved.with(fix);
        } catch (SettingException e) {
            throw settingNode(fields.get("fix"), root, e).error("the fix does not combine with the scene's settings: "
                    + e.getMessage());
        }
        Workload workload = fields.containsKey("workload") ? workload(fields.get("workload")) : Workload.defaults();
        Set<String> machines = machineIds(resolved);
        Map<String, List<String>> domains = new LinkedHashMap<>();
        if (fields.containsKey("powerDomains")) {
            YamlNode domainsNode = fields.get("powerDomains");
            Map<String, YamlNode> domainNodes = domainsNode.mapping("powerDomains", ANY_KEY);
            if (domainNodes.size() > DOMAINS_MAX) {
                throw domainsNode.error("at most " + DOMAINS_MAX + " power domains are allowed, found " + domainNodes.size());
            }
            for (Map.Entry<String, YamlNode> domain : domainNodes.entrySet()) {
                if (domain.getKey().length() > SceneLimits.ID_LENGTH_MAX || domain.getKey().isBlank()) {
                    throw domain.getValue().error("expected a power domain name of 1 to " + SceneLimits.ID_LENGTH_MAX
                            + " characters before this list");
                }
                List<String> members = new ArrayList<>();
                for (YamlNode member : domain.getValue().sequence("machines of power domain "
                        + YamlNode.shorten(domain.getKey()), machines.size())) {
                    String machine = member.text("machine");
                    if (!machines.contains(machine)) {
                        throw member.error("unknown machine '" + YamlNode.shorten(machine) + "'; expected one of "
                                + String.join(", ", machines));
                    }
                    members.add(machine);
                }
                domains.put(domain.getKey(), List.copyOf(members));
            }
        }
        List<Fault> faults = new ArrayList<>();
        if (fields.containsKey("faults")) {
            for (YamlNode item : fields.get("faults").sequence("faults", FAULTS_MAX)) {
                faults.add(fault(item, machines, domains, resolved));
            }
        }
        long durationMs = fields.containsKey("durationMs") ? duration(fields.get("durationMs"), "durationMs") : -1;
        String narration = fields.containsKey("narration")
                ? fields.get("narration").text("narration", SceneLimits.TEXT_LENGTH_MAX).strip() : "";
        CrosscheckStatement crosscheck = fields.containsKey("crosscheck") ? crosscheck(fields.get("crosscheck")) : null;
        return new LogScene(id, file, title, seed, Collections.unmodifiableMap(settings), Collections.unmodifiableMap(fix),
                List.copyOf(modes), expect, workload, List.copyOf(faults), Collections.unmodifiableMap(domains), durationMs,
                narration, crosscheck);
    }

    /**
     * {@code crosscheck: { checkable: true|false, reason: "...", limit: "..." }}: the scene's own word on running it
     * on real Kafka. A reason is required (a verdict without one teaches nothing); a limit only makes sense for a
     * scene that can run.
     */
    private static CrosscheckStatement crosscheck(YamlNode node) throws SceneFormatException {
        Map<String, YamlNode> f = node.mapping("crosscheck", CROSSCHECK_KEYS);
        boolean checkable = YamlNode.required(node, f, "checkable", "crosscheck").bool("crosscheck's checkable");
        YamlNode reasonNode = YamlNode.required(node, f, "reason", "crosscheck");
        String reason = reasonNode.text("crosscheck's reason", SceneLimits.TEXT_LENGTH_MAX).strip();
        if (reason.isEmpty()) {
            throw reasonNode.error("expected crosscheck's reason as a sentence: how the faults map to real processes, "
                    + "or why the scene stays simulated only");
        }
        String limit = "";
        if (f.containsKey("limit")) {
            YamlNode limitNode = f.get("limit");
            if (!checkable) {
                throw limitNode.error("expected no limit on a scene that is not cross-checkable (checkable: false); "
                        + "say why in reason");
            }
            limit = limitNode.text("crosscheck's limit", SceneLimits.TEXT_LENGTH_MAX).strip();
            if (limit.isEmpty()) {
                throw limitNode.error("expected crosscheck's limit as a sentence, or no limit key");
            }
        }
        return new CrosscheckStatement(checkable, reason, limit, node.file() + ":" + node.line() + ":" + node.column());
    }

    private static Map<String, String> settings(YamlNode node, String what) throws SceneFormatException {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null) {
            return values;
        }
        Map<String, YamlNode> entries = node.mapping(what, ANY_KEY);
        if (entries.size() > SETTINGS_MAX) {
            throw node.error("at most " + SETTINGS_MAX + " entries are allowed in " + what + ", found " + entries.size());
        }
        for (Map.Entry<String, YamlNode> entry : entries.entrySet()) {
            try {
                String value = entry.getValue().text("value of " + YamlNode.shorten(entry.getKey()),
                        SceneLimits.LINE_LENGTH_MAX);
                LogSettings.checkValue(entry.getKey(), value);
                values.put(entry.getKey(), value);
            } catch (SettingException e) {
                throw entry.getValue().error(e.getMessage());
            }
        }
        return values;
    }

    private static Workload workload(YamlNode node) throws SceneFormatException {
        Map<String, YamlNode> f = node.mapping("workload", WORKLOAD_KEYS);
        Workload d = Workload.defaults();
        int accounts = (int) positive(f, "accounts", d.accounts(), 2, ACCOUNTS_MAX);
        long opening = positive(f, "openingBalance", d.openingBalanceCents(), 0, AMOUNT_MAX);
        int transfers = (int) positive(f, "transfers", d.transfers(), 0, TRANSFERS_MAX);
        long rate = positive(f, "ratePerSecond", d.ratePerSecond(), 1, 1_000_000);
        long maxAmount = positive(f, "maxAmount", d.maxAmountCents(), 1, AMOUNT_MAX);
        int idle = (int) positive(f, "idleAccounts", d.idleAccounts(), 0, accounts - 2);
        long startMs = positive(f, "startMs", d.startMs(), 0, TIME_MAX_MS);
        Workload workload = new Workload(accounts, opening, transfers, rate, maxAmount, idle, startMs);
        if (workload.lastEntryMs() > TIME_MAX_MS) {
            throw (f.containsKey("transfers") ? f.get("transfers") : node).error("the workload's last entry would be at "
                    + YamlNode.number(workload.lastEntryMs()) + " ms (startMs + transfers / ratePerSecond); a scene "
                    + "may run at most " + YamlNode.number(TIME_MAX_MS) + " ms of simulated time");
        }
        return workload;
    }

    private static long positive(Map<String, YamlNode> f, String key, long fallback, long min, long max)
            throws SceneFormatException {
        if (!f.containsKey(key)) {
            return fallback;
        }
        return f.get(key).integer(key, min, max);
    }

    /**
     * Checks a loaded scene's fault targets and power domains against settings that may differ from the scene's own
     * (a {@code --set sim.brokers=1} or {@code sim.partitions} override): a fault on a machine or partition the
     * overridden cluster does not have is bad input, not a crash of the run.
     */
    public static void checkTargets(LogScene scene, LogSettings settings) throws SettingException {
        Set<String> machines = machineIds(settings);
        for (Map.Entry<String, List<String>> domain : scene.powerDomains().entrySet()) {
            for (String machine : domain.getValue()) {
                if (!machines.contains(machine)) {
                    throw new SettingException("power domain " + domain.getKey() + " lists " + machine
                            + ", which a cluster of " + String.join(", ", machines) + " does not have (sim.brokers, "
                            + "sim.instances)");
                }
            }
        }
        for (Fault fault : scene.faults()) {
            for (String target : fault.targets()) {
                if (machines.contains(target)) {
                    continue;
                }
                int colon = target.indexOf(':');
                int dash = target.lastIndexOf('-');
                if (colon < 0 || dash < colon) {
                    throw new SettingException("fault '" + fault.describe() + "' targets " + target + ", which a "
                            + "cluster of " + String.join(", ", machines) + " does not have (sim.brokers, sim.instances)");
                }
                String role = target.substring(colon + 1, dash);
                long count = role.equals("__consumer_offsets") ? 1 : settings.getLong("sim.partitions");
                if (Long.parseLong(target.substring(dash + 1)) >= count) {
                    throw new SettingException("fault '" + fault.describe() + "' targets partition " + target
                            + ", which does not exist with " + count + " partition(s) (sim.partitions)");
                }
            }
        }
    }

    /** Machine ids a scene may name, for the settings' cluster size. */
    public static Set<String> machineIds(LogSettings settings) {
        Set<String> ids = new LinkedHashSet<>();
        for (int b = 1; b <= settings.getLong("sim.brokers"); b++) {
            ids.add("broker-" + b);
        }
        for (int a = 1; a <= settings.getLong("sim.instances"); a++) {
            ids.add("app-" + a);
        }
        return ids;
    }

    private static Fault fault(YamlNode node, Set<String> machines, Map<String, List<String>> domains, LogSettings settings)
            throws SceneFormatException {
        Map<String, YamlNode> f = node.mapping("fault", FAULT_KEYS);
        YamlNode afterNode = f.get("after");
        if (afterNode != null && f.containsKey("at")) {
            throw afterNode.error("a fault is placed either at a time (at) or after an event of the step trace (after), "
                    + "not both");
        }
        YamlNode atNode = afterNode != null ? null : YamlNode.required(node, f, "at", "fault");
        long at;
        long atLatest;
        String atText = atNode != null && atNode.isScalar() ? atNode.text("at (ms)") : "";
        if (atNode == null) {
            at = 0;
            atLatest = 0;
        } else if (atText.matches("\\s*\\d[\\d_]*\\s*\\.\\.\\s*\\d[\\d_]*\\s*")) {
            // A window: the run's seed picks the moment inside it (issue 10, point 5).
            String[] ends = atText.split("\\.\\.");
            at = windowEnd(atNode, ends[0]);
            atLatest = windowEnd(atNode, ends[1]);
            if (atLatest < at) {
                throw atNode.error("expected at as a window A..B with A <= B, found '" + atText.strip() + "'");
            }
        } else {
            at = atNode.integer("at (ms)", 0, TIME_MAX_MS);
            atLatest = at;
        }
        YamlNode kindNode = YamlNode.required(node, f, "kind", "fault");
        String kind = kindNode.text("kind");
        if (!Fault.KINDS.contains(kind)) {
            throw kindNode.error("unknown fault kind '" + YamlNode.shorten(kind) + "'; expected one of "
                    + String.join(", ", Fault.KINDS));
        }
        List<String> targets = new ArrayList<>();
        if (f.containsKey("target")) {
            targets.add(target(f.get("target"), machines, settings));
        }
        if (f.containsKey("targets")) {
            for (YamlNode t : f.get("targets").sequence("targets", TARGETS_MAX)) {
                targets.add(target(t, machines, settings));
            }
        }
        String domain = null;
        if (f.containsKey("domain")) {
            domain = f.get("domain").text("domain");
            if (!domain.equals("rack") && !domains.containsKey(domain)) {
                throw f.get("domain").error("unknown power domain '" + YamlNode.shorten(domain) + "'; expected rack or one of "
                        + String.join(", ", domains.keySet()));
            }
            if (!kind.equals("power-cut")) {
                throw f.get("domain").error("domain applies to power-cut faults only");
            }
        }
        if (targets.isEmpty() && domain == null) {
            throw node.error("a fault needs target, targets or (for power-cut) domain");
        }
        if (kind.equals("leader-bounce")) {
            for (String t : targets) {
                if (!t.startsWith("leader:")) {
                    throw node.error("leader-bounce expects a target like leader:changelog-0");
                }
            }
        }
        long defaultDuration = kind.equals("power-cut") || kind.equals("kill") || kind.equals("leader-bounce") ? 10_000 : -1;
        long duration = f.containsKey("durationMs") ? duration(f.get("durationMs"), "durationMs") : defaultDuration;
        if ((kind.equals("pause") || kind.equals("isolate") || kind.equals("slow") || kind.equals("replication-lag"))
                && duration < 0) {
            throw node.error(kind + " needs durationMs");
        }
        long delay = f.containsKey("delayMs") ? f.get("delayMs").integer("delayMs", 0, TIME_MAX_MS) : 0;
        if ((kind.equals("slow") || kind.equals("replication-lag")) && delay <= 0) {
            throw node.error(kind + " needs delayMs > 0");
        }
        if (kind.equals("pause")) {
            for (String t : targets) {
                if (!t.startsWith("app-")) {
                    throw node.error("pause applies to app instances (SIGSTOP of the stream application), found " + t);
                }
            }
        }
        if (kind.equals("isolate") || kind.equals("replication-lag")) {
            for (String t : targets) {
                if (t.startsWith("app-")) {
                    throw node.error(kind + " applies to brokers, found " + t);
                }
            }
        }
        if (kind.equals("replication-lag")) {
            for (String t : targets) {
                if (t.startsWith("leader:")) {
                    throw node.error("replication-lag slows follower fetches and a leader does not fetch; target "
                            + "followers:" + t.substring("leader:".length()) + " or a broker, found " + t);
                }
            }
        }
        String note = f.containsKey("note") ? f.get("note").text("note", SceneLimits.LINE_LENGTH_MAX) : "";
        Fault fault = new Fault(at, kind, List.copyOf(targets), domain, duration, delay, note, atLatest);
        if (afterNode != null) {
            // Only the run knows how many events its trace has; it reports a position past the end at this place.
            int after = (int) afterNode.integer("after (an event number of the step trace)", 0, AFTER_EVENT_MAX);
            fault = fault.afterEvent(after, afterNode.file() + ":" + afterNode.line() + ":" + afterNode.column());
        }
        return fault;
    }

    private static long windowEnd(YamlNode node, String text) throws SceneFormatException {
        long value;
        try {
            value = Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw node.error("expected at as a time in ms or a window like 45000..55000, found '" + node.text("at") + "'");
        }
        if (value > TIME_MAX_MS) {
            throw node.error("expected at between 0 and " + TIME_MAX_MS + " ms, found " + value);
        }
        return value;
    }

    private static String target(YamlNode node, Set<String> machines, LogSettings settings) throws SceneFormatException {
        String t = node.text("target");
        if (machines.contains(t)) {
            return t;
        }
        if (t.matches("(leader|followers):(journal|changelog|applied|__consumer_offsets)-\\d+")) {
            String digits = t.substring(t.lastIndexOf('-') + 1);
            // More than 9 digits cannot be a partition of a cluster of at most 16; never parse it as an int.
            long partition = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
            String role = t.substring(t.indexOf(':') + 1, t.lastIndexOf('-'));
            long count = role.equals("__consumer_offsets") ? 1 : settings.getLong("sim.partitions");
            if (partition >= count) {
                throw node.error("partition " + YamlNode.shorten(digits) + " does not exist; " + role + " has " + count
                        + " partition(s)");
            }
            return t;
        }
        throw node.error("unknown target '" + YamlNode.shorten(t) + "'; expected one of " + String.join(", ", machines)
                + ", leader:<topic>-<p> or followers:<topic>-<p>");
    }

    /** A duration in ms: -1 (for ever / the default) or 0 to {@link #TIME_MAX_MS}. */
    private static long duration(YamlNode node, String what) throws SceneFormatException {
        long value = node.integer(what);
        if (value != -1 && (value < 0 || value > TIME_MAX_MS)) {
            throw node.error("expected " + what + " between 0 and " + YamlNode.number(TIME_MAX_MS)
                    + " ms (or -1), found " + YamlNode.number(value));
        }
        return value;
    }


    /**
     * Where a setting error belongs: the entry of the setting the message names ({@code setting 'acks': ...}), else
     * the mapping, else the scene when the scene has no such mapping.
     */
    private static YamlNode settingNode(YamlNode mapping, YamlNode root, SettingException e) throws SceneFormatException {
        if (mapping == null) {
            return root;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        for (Map.Entry<String, YamlNode> entry : mapping.mapping("settings", ANY_KEY).entrySet()) {
            if (message.contains("'" + entry.getKey() + "'")) {
                return entry.getValue();
            }
        }
        return mapping;
    }
}
