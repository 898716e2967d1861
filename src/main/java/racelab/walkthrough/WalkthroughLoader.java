package racelab.walkthrough;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.logsim.trace.FaultSweep;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.SceneFormatException;
import racelab.scenario.ScheduleRules;
import racelab.scenario.StepRef;
import racelab.scenario.YamlNode;

/**
 * Loads {@code kind: walkthrough} files (format: {@code scenes/walkthroughs/README.md}) and every scene they name,
 * with the same {@code file:line:column: what was expected} errors as the scene loaders.
 *
 * <p>A stop's scene is a scene id (looked up next to the walkthrough, then in the folder above it, then in the
 * scenes folder given) or a path relative to the walkthrough file, so a trainer's walkthrough can use the trainer's
 * own scenes. A scene that does not load is reported at its own {@code file:line:column}, naming the stop.
 */
public final class WalkthroughLoader {

    private static final Set<String> TOP_KEYS = ordered("id", "kind", "title", "question", "interview-minutes",
            "summary", "stops");
    private static final Set<String> STOP_KEYS = ordered("id", "title", "scene", "interview", "minutes", "mitigation",
            "schedule", "idempotency-keys", "seed", "settings", "after", "ask", "predict", "hints", "reveal", "key-step",
            "follow-ups", "challenge");
    private static final Set<String> PREDICT_KEYS = ordered("prompt", "measure", "options");
    private static final Set<String> FOLLOW_UP_KEYS = ordered("ask", "answer");
    private static final Set<String> CHALLENGE_KEYS = ordered("goal", "prompt", "start", "hints");
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** Keeps a hand-written file from asking for hours of runs or a screen of text per stop. */
    static final int MAX_STOPS = 40;
    /** Far beyond any step scene's trace; a position past a trace's end is reported by the run, at the node. */
    static final int AFTER_MAX = 1_000_000;

    private WalkthroughLoader() {
    }

    /** Loads a walkthrough file; {@code scenesDirectory} is the last place scene ids are looked up (may be null). */
    public static Walkthrough load(Path file, Path scenesDirectory) throws SceneFormatException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SceneFormatException(file.toString(), 1, 1, "cannot read the walkthrough: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new SceneFormatException(file.toString(), 1, 1, "cannot read the walkthrough as UTF-8 text");
        }
        return parse(file, text, scenesDirectory);
    }

    /** Parses walkthrough text; {@code file} names it in messages and anchors relative scene paths. */
    public static Walkthrough parse(Path file, String text, Path scenesDirectory) throws SceneFormatException {
        YamlNode root = YamlNode.parse(file.toString(), text);
        Map<String, YamlNode> top = root.mapping("a walkthrough", TOP_KEYS);
        String id = kebab(YamlNode.required(root, top, "id", "the walkthrough"), "the walkthrough id");
        YamlNode kind = YamlNode.required(root, top, "kind", "the walkthrough");
        if (!kind.text("kind").equals("walkthrough")) {
            throw kind.error("expected kind: walkthrough, found '" + kind.text("kind") + "'");
        }
        String title = YamlNode.required(root, top, "title", "the walkthrough").text("the title").strip();
        YamlNode questionNode = YamlNode.required(root, top, "question", "the walkthrough");
        long question = questionNode.integer("the seed question");
        if (question != 1 && question != 2) {
            throw questionNode.error("expected question: 1 (SQL ledger races) or 2 (Kafka lost writes), found "
                    + question);
        }
        int interviewMinutes = top.containsKey("interview-minutes")
                ? (int) bounded(top.get("interview-minutes"), "interview-minutes", 1, 600) : 30;
        String summary = top.containsKey("summary") ? top.get("summary").text("the summary").strip() : "";
        YamlNode stopsNode = YamlNode.required(root, top, "stops", "the walkthrough");
        List<YamlNode> items = stopsNode.sequence("the stops");
        if (items.isEmpty()) {
            throw stopsNode.error("expected at least one stop");
        }
        if (items.size() > MAX_STOPS) {
            throw items.get(MAX_STOPS).error("expected at most " + MAX_STOPS + " stops, found " + items.size());
        }
        List<Stop> stops = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (YamlNode item : items) {
            Stop stop = stop(item, file, scenesDirectory);
            if (!ids.add(stop.id())) {
                throw item.error("duplicate stop id '" + stop.id() + "'");
            }
            stops.add(stop);
        }
        if (stops.stream().noneMatch(Stop::interview)) {
            throw stopsNode.error("expected at least one stop with interview: true (the short interview path)");
        }
        return new Walkthrough(id, title, file.toString(), (int) question, summary, interviewMinutes, stops);
    }

    private static Stop stop(YamlNode item, Path file, Path scenesDirectory) throws SceneFormatException {
        Map<String, YamlNode> fields = item.mapping("a stop", STOP_KEYS);
        String id = kebab(YamlNode.required(item, fields, "id", "a stop"), "the stop id");
        String what = "stop " + id;
        String title = YamlNode.required(item, fields, "title", what).text("the title").strip();
        YamlNode sceneNode = YamlNode.required(item, fields, "scene", what);
        Path sceneFile = resolveScene(sceneNode, file, scenesDirectory);
        boolean interview = fields.containsKey("interview") && fields.get("interview").bool("interview");
        int minutes = (int) bounded(YamlNode.required(item, fields, "minutes", what), "minutes", 1, 240);
        String ask = YamlNode.required(item, fields, "ask", what).text("the question to ask").strip();
        String reveal = YamlNode.required(item, fields, "reveal", what).text("the reveal").strip();
        List<String> hints = fields.containsKey("hints") ? texts(fields.get("hints"), "the hints") : List.of();
        List<Stop.FollowUp> followUps = fields.containsKey("follow-ups") ? followUps(fields.get("follow-ups"))
                : List.of();
        int keyStep = fields.containsKey("key-step") ? (int) bounded(fields.get("key-step"), "key-step", 0, 10_000)
                : -1;

        String kind = sceneKind(sceneFile);
        if (kind.equals("log")) {
            for (String ledgerOnly : List.of("mitigation", "schedule", "idempotency-keys", "key-step")) {
                if (fields.containsKey(ledgerOnly)) {
                    throw fields.get(ledgerOnly).error("'" + ledgerOnly + "' applies to ledger scenes; "
                            + sceneFile + " is a log scene (use seed and settings)");
                }
            }
            LogScene scene = loadScene(sceneNode, sceneFile, what, true).logScene;
            long seed = fields.containsKey("seed") ? fields.get("seed").integer("the seed") : scene.seed();
            Map<String, String> settings = fields.containsKey("settings")
                    ? settings(fields.get("settings"), scene) : Map.of();
            int faultAfter = -1;
            List<Fault> faults = scene.faults();
            if (fields.containsKey("after")) {
                YamlNode after = fields.get("after");
                Fault movable = FaultSweep.defaultFault(scene);
                if (movable == null) {
                    throw after.error("'after' places the scene's fault by position, but " + sceneFile
                            + " has no fault");
                }
                faultAfter = (int) bounded(after, "after (an event number of the scene's step trace)", 0,
                        AFTER_MAX);
                // Placed as `log --after N` places it; a position past the end of the trace is reported by the run,
                // at this node.
                List<Fault> placed = new ArrayList<>(FaultSweep.without(scene, movable).faults());
                placed.add(movable.afterEvent(faultAfter, after.file() + ":" + after.line() + ":" + after.column()));
                faults = placed;
            }
            Prediction prediction = fields.containsKey("predict")
                    ? prediction(fields.get("predict"), "log", null, scene) : null;
            if (prediction != null && prediction.measure().type() == Measure.Type.SURVIVOR && faultAfter < 0) {
                throw fields.get("predict").error("measure '" + prediction.measure() + "' needs the stop to place the "
                        + "fault: add after: N (an event number of the scene's step trace, as log --steps numbers it)");
            }
            Challenge challenge = fields.containsKey("challenge") ? challenge(fields.get("challenge"), "log", null)
                    : null;
            LogScene effective = new LogScene(scene.id(), scene.file(), scene.title(), seed,
                    merged(scene.settings(), settings), scene.fix(), scene.modes(), scene.expect(), scene.workload(),
                    faults, scene.powerDomains(), scene.durationMs(), scene.narration());
            return new Stop(id, title, sceneFile, null, effective, null, null, seed, settings, interview, minutes,
                    ask, prediction, hints, reveal, followUps, keyStep, challenge, faultAfter,
                    item.file() + ":" + item.line() + ":" + item.column());
        }
        for (String logOnly : List.of("seed", "settings", "after")) {
            if (fields.containsKey(logOnly)) {
                throw fields.get(logOnly).error("'" + logOnly + "' applies to log scenes; " + sceneFile
                        + " is a ledger scene (use mitigation, schedule and idempotency-keys)");
            }
        }
        LedgerScene scene = loadScene(sceneNode, sceneFile, what, false).ledgerScene;
        String mitigation = scene.mitigation();
        if (fields.containsKey("mitigation")) {
            YamlNode node = fields.get("mitigation");
            mitigation = node.text("the mitigation");
            if (!LedgerSceneLoader.MITIGATION_IDS.contains(mitigation)) {
                throw node.error("unknown mitigation '" + mitigation + "'; expected one of "
                        + String.join(", ", LedgerSceneLoader.MITIGATION_IDS));
            }
        }
        List<StepRef> schedule = fields.containsKey("schedule") ? schedule(fields.get("schedule"), scene)
                : scene.schedule();
        boolean keys = fields.containsKey("idempotency-keys")
                ? fields.get("idempotency-keys").bool("idempotency-keys") : scene.idempotencyKeys();
        // The scene's notes describe its own mitigation's run of its own schedule; a stop that changes either would
        // show notes that are false there (double-spend's "T2 also reads alice = 100" under for-update, where T2
        // waits for T1's lock), so it gets none and the trace speaks (LedgerScene.noteFor).
        boolean ownRun = mitigation.equals(scene.mitigation()) && schedule.equals(scene.schedule());
        LedgerScene effective = new LedgerScene(scene.id(), scene.title(), scene.file(), scene.accounts(),
                scene.transfers(), mitigation, schedule, scene.narration(), ownRun ? scene.notes() : Map.of(),
                scene.groups(), keys);
        Prediction prediction = fields.containsKey("predict")
                ? prediction(fields.get("predict"), "ledger", effective, null) : null;
        Challenge challenge = fields.containsKey("challenge")
                ? challenge(fields.get("challenge"), "ledger", effective) : null;
        return new Stop(id, title, sceneFile, effective, null, mitigation, schedule, 0, Map.of(), interview, minutes,
                ask, prediction, hints, reveal, followUps, keyStep, challenge, -1,
                    item.file() + ":" + item.line() + ":" + item.column());
    }

    /** Scene ids are looked up near the walkthrough first, so a trainer's folder can shadow a shipped scene. */
    static Path resolveScene(YamlNode node, Path walkthroughFile, Path scenesDirectory) throws SceneFormatException {
        String text = node.text("the scene (an id or a path)").strip();
        Path folder = walkthroughFile.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>();
        if (text.contains("/") || text.contains("\\") || text.endsWith(".yaml") || text.endsWith(".yml")) {
            candidates.add(folder.resolve(text).normalize());
        } else {
            candidates.add(folder.resolve(text + ".yaml"));
            if (folder.getParent() != null) {
                candidates.add(folder.getParent().resolve(text + ".yaml"));
            }
            if (scenesDirectory != null) {
                candidates.add(scenesDirectory.toAbsolutePath().resolve(text + ".yaml"));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return shortPath(candidate);
            }
        }
        throw node.error("no scene '" + text + "': looked for " + String.join(", ",
                candidates.stream().map(p -> shortPath(p).toString()).toList()));
    }

    private static Path shortPath(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute) : absolute;
    }

    private static String sceneKind(Path sceneFile) {
        try {
            String text = Files.readString(sceneFile, StandardCharsets.UTF_8);
            return Pattern.compile("(?m)^kind:\\s*log\\s*(#.*)?$").matcher(text).find() ? "log" : "ledger";
        } catch (IOException | RuntimeException e) {
            return "ledger"; // the ledger loader then reports why the file cannot be read
        }
    }

    private record Loaded(LedgerScene ledgerScene, LogScene logScene) {
    }

    private static Loaded loadScene(YamlNode sceneNode, Path sceneFile, String stop, boolean log)
            throws SceneFormatException {
        try {
            return log ? new Loaded(null, LogSceneLoader.load(sceneFile))
                    : new Loaded(LedgerSceneLoader.load(sceneFile), null);
        } catch (SceneFormatException e) {
            // The scene's own location comes first: that is the line to fix.
            throw new SceneFormatException(e.file(), e.line(), e.column(), e.problem() + " (scene of " + stop
                    + ", " + sceneNode.file() + ":" + sceneNode.line() + ":" + sceneNode.column() + ")");
        }
    }

    private static Map<String, String> settings(YamlNode node, LogScene scene) throws SceneFormatException {
        Map<String, String> settings = new LinkedHashMap<>();
        // Any key is allowed here: the simulator's ConfigDef decides, and its message is located at the key.
        for (Map.Entry<String, YamlNode> entry : node.mapping("settings (name: value)", new AnySet()).entrySet()) {
            String value = entry.getValue().text("the value of " + entry.getKey());
            try {
                LogSimulation.settingsFor(scene, Map.of(entry.getKey(), value));
            } catch (SettingException e) {
                throw entry.getValue().error(e.getMessage());
            } catch (RuntimeException e) {
                throw entry.getValue().error("the simulator rejects " + entry.getKey() + "=" + value + ": " + e);
            }
            settings.put(entry.getKey(), value);
        }
        try {
            LogSimulation.settingsFor(scene, settings);
        } catch (SettingException e) {
            throw node.error(e.getMessage());
        }
        return settings;
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(overrides);
        return all;
    }

    private static List<StepRef> schedule(YamlNode node, LedgerScene scene) throws SceneFormatException {
        List<YamlNode> items = node.sequence("the schedule");
        List<StepRef> steps = new ArrayList<>();
        for (YamlNode item : items) {
            steps.add(StepRef.parseOrNull(item.text("a step")));
        }
        List<String> lanes = scene.transfers().stream().map(t -> t.id()).toList();
        ScheduleRules.Problem problem = ScheduleRules.firstProblem(steps, lanes);
        if (problem != null) {
            throw (problem.itemIndex() >= 0 ? items.get(problem.itemIndex()) : node).error(problem.message());
        }
        return steps;
    }

    private static Prediction prediction(YamlNode node, String kind, LedgerScene scene, LogScene logScene)
            throws SceneFormatException {
        Map<String, YamlNode> fields = node.mapping("a prediction", PREDICT_KEYS);
        String prompt = YamlNode.required(node, fields, "prompt", "the prediction").text("the prompt").strip();
        YamlNode measureNode = YamlNode.required(node, fields, "measure", "the prediction");
        Measure measure = measure(measureNode, kind, scene);
        List<String> options;
        if (fields.containsKey("options")) {
            if (measure.numeric()) {
                throw fields.get("options").error("a number is predicted for " + measure + "; options apply to "
                        + "choices only");
            }
            options = texts(fields.get("options"), "the options");
            if (options.size() < 2) {
                throw fields.get("options").error("expected at least two options");
            }
            if (measure.type() == Measure.Type.SOUND_FIX) {
                for (int i = 0; i < options.size(); i++) {
                    if (!LedgerSceneLoader.MITIGATION_IDS.contains(options.get(i))) {
                        throw fields.get("options").sequence("the options").get(i).error("unknown mitigation '"
                                + options.get(i) + "'; expected one of "
                                + String.join(", ", LedgerSceneLoader.MITIGATION_IDS));
                    }
                }
            }
        } else {
            options = defaultOptions(measure, scene, logScene);
        }
        return new Prediction(prompt, measure, options);
    }

    private static List<String> defaultOptions(Measure measure, LedgerScene scene, LogScene logScene) {
        switch (measure.type()) {
            case SURVIVOR:
                List<String> entries = new ArrayList<>();
                int journal = logScene.workload().accounts() + logScene.workload().transfers();
                for (int e = 0; e < journal; e++) {
                    entries.add("e" + e);
                }
                entries.add("none");
                return entries;
            case FIRST_WAIT:
                List<String> steps = new ArrayList<>();
                scene.schedule().forEach(s -> steps.add(s.toString()));
                steps.add("none");
                return steps;
            case SOUND_FIX:
                return LedgerSceneLoader.MITIGATION_IDS;
            case REMOVING_SETTING:
                return racelab.logsim.isolate.Isolator.KNOBS.stream().map(k -> k.id()).toList();
            default:
                return measure.defaultOptions();
        }
    }

    private static Measure measure(YamlNode node, String kind, LedgerScene scene) throws SceneFormatException {
        String text = node.text("the measure").strip();
        String name = text.contains(":") ? text.substring(0, text.indexOf(':')) : text;
        String argument = text.contains(":") ? text.substring(text.indexOf(':') + 1).strip() : null;
        for (Measure.Type type : Measure.Type.values()) {
            if (!type.yamlName().equals(name)) {
                continue;
            }
            if (!type.kind().equals(kind)) {
                throw node.error("measure '" + name + "' applies to " + type.kind() + " scenes; this stop's scene is a "
                        + kind + " scene");
            }
            if (type == Measure.Type.BALANCE) {
                if (argument == null || scene.account(argument).isEmpty()) {
                    throw node.error("expected balance:ACCOUNT with ACCOUNT one of "
                            + String.join(", ", scene.accounts().stream().map(a -> a.id()).toList()) + ", found '"
                            + text + "'");
                }
            } else if (type == Measure.Type.SURVIVOR) {
                if (!"later".equals(argument) && !"earlier".equals(argument)) {
                    throw node.error("expected survivor:later or survivor:earlier (which way the fault moves one "
                            + "event), found '" + text + "'");
                }
            } else if (argument != null) {
                throw node.error("measure '" + name + "' takes no argument, found '" + text + "'");
            }
            return new Measure(type, argument);
        }
        List<String> names = new ArrayList<>();
        for (Measure.Type type : Measure.Type.values()) {
            if (type.kind().equals(kind)) {
                names.add(type == Measure.Type.BALANCE ? "balance:ACCOUNT"
                        : type == Measure.Type.SURVIVOR ? "survivor:later|earlier" : type.yamlName());
            }
        }
        throw node.error("unknown measure '" + text + "' for a " + kind + " scene; expected one of "
                + String.join(", ", names));
    }

    private static Challenge challenge(YamlNode node, String kind, LedgerScene scene) throws SceneFormatException {
        Map<String, YamlNode> fields = node.mapping("a challenge", CHALLENGE_KEYS);
        YamlNode goalNode = YamlNode.required(node, fields, "goal", "the challenge");
        String goalText = goalNode.text("the goal");
        Challenge.Goal goal = null;
        List<String> goals = new ArrayList<>();
        for (Challenge.Goal candidate : Challenge.Goal.values()) {
            if (candidate.kind().equals(kind)) {
                goals.add(candidate.yamlName());
                if (candidate.yamlName().equals(goalText)) {
                    goal = candidate;
                }
            }
        }
        if (goal == null) {
            throw goalNode.error("unknown goal '" + goalText + "' for a " + kind + " scene; expected one of "
                    + String.join(", ", goals));
        }
        String prompt = fields.containsKey("prompt") ? fields.get("prompt").text("the prompt").strip()
                : goal.summary();
        List<String> hints = fields.containsKey("hints") ? texts(fields.get("hints"), "the hints") : List.of();
        List<StepRef> start = null;
        if (fields.containsKey("start")) {
            if (scene == null) {
                throw fields.get("start").error("'start' (a schedule) applies to ledger challenges only");
            }
            start = schedule(fields.get("start"), scene);
        }
        return new Challenge(goal, prompt, hints, start);
    }

    private static List<Stop.FollowUp> followUps(YamlNode node) throws SceneFormatException {
        List<Stop.FollowUp> followUps = new ArrayList<>();
        for (YamlNode item : node.sequence("the follow-ups")) {
            Map<String, YamlNode> fields = item.mapping("a follow-up", FOLLOW_UP_KEYS);
            followUps.add(new Stop.FollowUp(
                    YamlNode.required(item, fields, "ask", "a follow-up").text("the question").strip(),
                    YamlNode.required(item, fields, "answer", "a follow-up").text("the model answer").strip()));
        }
        return followUps;
    }

    private static List<String> texts(YamlNode node, String what) throws SceneFormatException {
        List<String> texts = new ArrayList<>();
        for (YamlNode item : node.sequence(what)) {
            texts.add(item.text("an item of " + what).strip());
        }
        return texts;
    }

    private static String kebab(YamlNode node, String what) throws SceneFormatException {
        String text = node.text(what);
        if (!KEBAB.matcher(text).matches()) {
            throw node.error("expected " + what + " in kebab-case (a-z, 0-9, single dashes), found '" + text + "'");
        }
        return text;
    }

    private static long bounded(YamlNode node, String what, long min, long max) throws SceneFormatException {
        long value = node.integer(what);
        if (value < min || value > max) {
            throw node.error("expected " + what + " between " + min + " and " + max + ", found " + value);
        }
        return value;
    }

    private static Set<String> ordered(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }

    /** Every key allowed: Kafka setting names are checked by the simulator, not by a list here. */
    private static final class AnySet extends java.util.AbstractSet<String> {
        @Override
        public boolean contains(Object o) {
            return o instanceof String;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return List.<String>of().iterator();
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
