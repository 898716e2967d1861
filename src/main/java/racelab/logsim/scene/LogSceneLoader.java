package racelab.logsim.scene;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import racelab.scenario.YamlNode;

/**
 * Reads {@code kind: log} scene files. Every problem is reported as {@code file:line:column: what was expected},
 * the same way ledger scenes report theirs.
 */
public final class LogSceneLoader {

    private static final Set<String> SCENE_KEYS = new LinkedHashSet<>(List.of("id", "kind", "title", "seed", "modes", "expect",
            "settings", "fix", "workload", "powerDomains", "faults", "durationMs", "narration"));
    private static final Set<String> WORKLOAD_KEYS = new LinkedHashSet<>(List.of("accounts", "openingBalance", "transfers",
            "ratePerSecond", "maxAmount", "idleAccounts", "startMs"));
    private static final Set<String> FAULT_KEYS = new LinkedHashSet<>(List.of("at", "kind", "targets", "target", "domain",
            "durationMs", "delayMs", "note"));
    private static final List<String> EXPECTS = List.of("lost", "duplicated", "conservation", "none");

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
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SceneFormatException(path.toString(), 1, 1, "cannot read scene: " + e.getMessage());
        }
        return parse(path.toString(), text);
    }

    public static LogScene parse(String file, String text) throws SceneFormatException {
        YamlNode root = YamlNode.parse(file, text);
        Map<String, YamlNode> fields = root.mapping("log scene", SCENE_KEYS);
        String id = YamlNode.required(root, fields, "id", "log scene").text("id");
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw fields.get("id").error("expected id in kebab-case (lowercase letters, digits and dashes), found '" + id + "'");
        }
        YamlNode kindNode = YamlNode.required(root, fields, "kind", "log scene");
        if (!kindNode.text("kind").equals("log")) {
            throw kindNode.error("expected kind: log in a log scene, found '" + kindNode.text("kind") + "'");
        }
        String title = fields.containsKey("title") ? fields.get("title").text("title") : id;
        long seed = fields.containsKey("seed") ? fields.get("seed").integer("seed") : 1;
        List<String> modes = new ArrayList<>();
        if (fields.containsKey("modes")) {
            for (YamlNode mode : fields.get("modes").sequence("modes")) {
                String m = mode.text("mode");
                if (!m.matches("F([1-9]|1[0-8])")) {
                    throw mode.error("expected a catalog mode F1..F18, found '" + m + "'");
                }
                modes.add(m);
            }
        }
        String expect = "none";
        if (fields.containsKey("expect")) {
            expect = fields.get("expect").text("expect");
            if (!EXPECTS.contains(expect)) {
                throw fields.get("expect").error("expected expect as one of " + String.join(", ", EXPECTS) + ", found '" + expect + "'");
            }
        }
        Map<String, String> settings = settings(fields.get("settings"), "settings");
        Map<String, String> fix = settings(fields.get("fix"), "fix");
        LogSettings resolved;
        try {
            resolved = LogSettings.of(settings);
        } catch (SettingException e) {
            throw (fields.containsKey("settings") ? fields.get("settings") : root).error(e.getMessage());
        }
        try {
            resolved.with(fix);
        } catch (SettingException e) {
            throw fields.get("fix").error("the fix does not combine with the scene's settings: " + e.getMessage());
        }
        Workload workload = fields.containsKey("workload") ? workload(fields.get("workload")) : Workload.defaults();
        Set<String> machines = machineIds(resolved);
        Map<String, List<String>> domains = new LinkedHashMap<>();
        if (fields.containsKey("powerDomains")) {
            for (Map.Entry<String, YamlNode> domain : fields.get("powerDomains").mapping("powerDomains", ANY_KEY).entrySet()) {
                List<String> members = new ArrayList<>();
                for (YamlNode member : domain.getValue().sequence("machines of power domain " + domain.getKey())) {
                    String machine = member.text("machine");
                    if (!machines.contains(machine)) {
                        throw member.error("unknown machine '" + machine + "'; expected one of " + String.join(", ", machines));
                    }
                    members.add(machine);
                }
                domains.put(domain.getKey(), List.copyOf(members));
            }
        }
        List<Fault> faults = new ArrayList<>();
        if (fields.containsKey("faults")) {
            for (YamlNode item : fields.get("faults").sequence("faults")) {
                faults.add(fault(item, machines, domains, resolved));
            }
        }
        long durationMs = fields.containsKey("durationMs") ? fields.get("durationMs").integer("durationMs") : -1;
        String narration = fields.containsKey("narration") ? fields.get("narration").text("narration").strip() : "";
        return new LogScene(id, file, title, seed, Collections.unmodifiableMap(settings), Collections.unmodifiableMap(fix),
                List.copyOf(modes), expect, workload, List.copyOf(faults), Collections.unmodifiableMap(domains), durationMs,
                narration);
    }

    private static Map<String, String> settings(YamlNode node, String what) throws SceneFormatException {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null) {
            return values;
        }
        for (Map.Entry<String, YamlNode> entry : node.mapping(what, ANY_KEY).entrySet()) {
            try {
                String value = entry.getValue().text("value of " + entry.getKey());
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
        int accounts = (int) positive(f, "accounts", d.accounts(), 2, 100_000);
        long opening = positive(f, "openingBalance", d.openingBalanceCents(), 0, Long.MAX_VALUE / 4);
        int transfers = (int) positive(f, "transfers", d.transfers(), 0, 20_000_000);
        long rate = positive(f, "ratePerSecond", d.ratePerSecond(), 1, 1_000_000);
        long maxAmount = positive(f, "maxAmount", d.maxAmountCents(), 1, Long.MAX_VALUE / 4);
        int idle = (int) positive(f, "idleAccounts", d.idleAccounts(), 0, accounts - 2);
        long startMs = positive(f, "startMs", d.startMs(), 0, Long.MAX_VALUE / 4);
        return new Workload(accounts, opening, transfers, rate, maxAmount, idle, startMs);
    }

    private static long positive(Map<String, YamlNode> f, String key, long fallback, long min, long max)
            throws SceneFormatException {
        if (!f.containsKey(key)) {
            return fallback;
        }
        long value = f.get(key).integer(key);
        if (value < min || value > max) {
            throw f.get(key).error("expected " + key + " between " + min + " and " + max + ", found " + value);
        }
        return value;
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
        long at = YamlNode.required(node, f, "at", "fault").integer("at (ms)");
        if (at < 0) {
            throw f.get("at").error("expected at as a time in ms >= 0, found " + at);
        }
        YamlNode kindNode = YamlNode.required(node, f, "kind", "fault");
        String kind = kindNode.text("kind");
        if (!Fault.KINDS.contains(kind)) {
            throw kindNode.error("unknown fault kind '" + kind + "'; expected one of " + String.join(", ", Fault.KINDS));
        }
        List<String> targets = new ArrayList<>();
        if (f.containsKey("target")) {
            targets.add(target(f.get("target"), machines, settings));
        }
        if (f.containsKey("targets")) {
            for (YamlNode t : f.get("targets").sequence("targets")) {
                targets.add(target(t, machines, settings));
            }
        }
        String domain = null;
        if (f.containsKey("domain")) {
            domain = f.get("domain").text("domain");
            if (!domain.equals("rack") && !domains.containsKey(domain)) {
                throw f.get("domain").error("unknown power domain '" + domain + "'; expected rack or one of "
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
        long duration = f.containsKey("durationMs") ? f.get("durationMs").integer("durationMs") : defaultDuration;
        if ((kind.equals("pause") || kind.equals("isolate") || kind.equals("slow") || kind.equals("replication-lag"))
                && duration < 0) {
            throw node.error(kind + " needs durationMs");
        }
        long delay = f.containsKey("delayMs") ? f.get("delayMs").integer("delayMs") : 0;
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
        String note = f.containsKey("note") ? f.get("note").text("note") : "";
        return new Fault(at, kind, List.copyOf(targets), domain, duration, delay, note);
    }

    private static String target(YamlNode node, Set<String> machines, LogSettings settings) throws SceneFormatException {
        String t = node.text("target");
        if (machines.contains(t)) {
            return t;
        }
        if (t.matches("(leader|followers):(journal|changelog|applied|__consumer_offsets)-\\d+")) {
            int partition = Integer.parseInt(t.substring(t.lastIndexOf('-') + 1));
            String role = t.substring(t.indexOf(':') + 1, t.lastIndexOf('-'));
            long count = role.equals("__consumer_offsets") ? 1 : settings.getLong("sim.partitions");
            if (partition >= count) {
                throw node.error("partition " + partition + " does not exist; " + role + " has " + count + " partition(s)");
            }
            return t;
        }
        throw node.error("unknown target '" + t + "'; expected one of " + String.join(", ", machines)
                + ", leader:<topic>-<p> or followers:<topic>-<p>");
    }
}
