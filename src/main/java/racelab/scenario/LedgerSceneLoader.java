package racelab.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads {@code kind: ledger} scenes (format documented in {@code scenes/README.md}) and validates them, reporting
 * every problem as {@code file:line:column: what was expected}.
 */
public final class LedgerSceneLoader {

    /** Mitigation ids a scene may name as its default; {@code racelab.ledger.Mitigations} implements exactly these. */
    public static final List<String> MITIGATION_IDS = List.of("naive", "repeatable-read",
            "repeatable-read-retry", "serializable", "for-update", "for-update-unordered", "optimistic-version", "conditional-update", "check-constraint", "app-lock",
            "single-writer");

    private static final Set<String> SCENE_KEYS = orderedSet("id", "kind", "title", "accounts", "groups", "transfers",
            "mitigation", "idempotency-keys", "schedule", "narration", "notes");
    private static final Set<String> ACCOUNT_KEYS = orderedSet("id", "balance", "constraint", "opened-by");
    private static final Set<String> GROUP_KEYS = orderedSet("id", "accounts", "constraint");
    private static final Set<String> TRANSFER_KEYS = orderedSet("id", "from", "to", "amount", "instance", "request",
            "write", "read-from");
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** At most this many accounts: each is a row the timeline and the balance panel show. */
    public static final int ACCOUNTS_MAX = 20;
    /** At most this many transfers (lanes): each runs on its own thread and JDBC connection. */
    public static final int TRANSFERS_MAX = 8;
    /** At most this many groups. */
    public static final int GROUPS_MAX = 10;
    /** At most this many {@code replica.replicate} steps in a schedule, besides the lanes' four steps each. */
    public static final int REPLICATE_STEPS_MAX = 20;
    /**
     * Largest opening balance and amount, in either direction: with at most {@link #ACCOUNTS_MAX} accounts and
     * {@link #TRANSFERS_MAX} transfers no sum the engine or the checks compute can overflow H2's BIGINT.
     */
    public static final long AMOUNT_ABS_MAX = 1_000_000_000_000_000L;

    private LedgerSceneLoader() {
    }

    /** Loads a scene file; the file name is used in messages as given. */
    public static LedgerScene load(Path file) throws SceneFormatException {
        return parse(file.toString(), YamlNode.readFile(file));
    }

    /** Loads a scene from text, e.g. from a test or the UI's editor; {@code file} names it in messages. */
    public static LedgerScene parse(String file, String text) throws SceneFormatException {
        YamlNode root = YamlNode.parse(file, text);
        Map<String, YamlNode> top = root.mapping("a ledger scene", SCENE_KEYS);

        YamlNode idNode = YamlNode.required(root, top, "id", "the scene");
        String id = idNode.text("the scene id", SceneLimits.ID_LENGTH_MAX);
        if (!KEBAB.matcher(id).matches()) {
            throw idNode.error("expected the scene id in kebab-case (a-z, 0-9, single dashes), found '"
                    + YamlNode.shorten(id) + "'");
        }
        YamlNode kindNode = YamlNode.required(root, top, "kind", "the scene");
        String kind = kindNode.text("kind");
        if (!kind.equals("ledger")) {
            throw kindNode.error("expected kind: ledger (log scenes have their own loader), found '"
                    + YamlNode.shorten(kind) + "'");
        }
        String title = YamlNode.required(root, top, "title", "the scene").text("the title", SceneLimits.LINE_LENGTH_MAX);

        Map<String, YamlNode> openedByNodes = new LinkedHashMap<>();
        List<Account> accounts = accounts(YamlNode.required(root, top, "accounts", "the scene"), openedByNodes);
        Set<String> accountIds = new LinkedHashSet<>();
        accounts.forEach(a -> accountIds.add(a.id()));
        Map<String, Long> balances = new LinkedHashMap<>();
        accounts.forEach(a -> balances.put(a.id(), a.balance()));
        List<GroupConstraint> groups = top.containsKey("groups")
                ? groups(top.get("groups"), accounts, accountIds, balances) : List.of();
        List<Transfer> transfers = transfers(YamlNode.required(root, top, "transfers", "the scene"), accountIds);
        List<String> laneIds = transfers.stream().map(Transfer::id).toList();
        openedAccounts(accounts, transfers, openedByNodes);

        YamlNode mitigationNode = YamlNode.required(root, top, "mitigation", "the scene");
        String mitigation = mitigationNode.text("the mitigation");
        if (!MITIGATION_IDS.contains(mitigation)) {
            throw mitigationNode.error("unknown mitigation '" + YamlNode.shorten(mitigation) + "'; expected one of "
                    + String.join(", ", MITIGATION_IDS));
        }
        boolean idempotencyKeys = top.containsKey("idempotency-keys")
                && top.get("idempotency-keys").bool("idempotency-keys");

        List<StepRef> schedule = schedule(YamlNode.required(root, top, "schedule", "the scene"), laneIds);
        String narration = YamlNode.required(root, top, "narration", "the scene").text("the narration", SceneLimits.TEXT_LENGTH_MAX)
                .strip();
        Map<StepRef, String> notes = top.containsKey("notes") ? notes(top.get("notes"), schedule) : Map.of();
        LedgerScene scene = new LedgerScene(id, title, file, accounts, transfers, mitigation, schedule, narration,
                notes, groups, idempotencyKeys);
        if (!openedByNodes.isEmpty() && scene.usesReplica()) {
            throw openedByNodes.values().iterator().next().error("expected no read replica in a scene where a "
                    + "transfer opens an account: the replica copies existing rows only");
        }
        return scene;
    }

    private static List<Account> accounts(YamlNode node, Map<String, YamlNode> openedByNodes)
            throws SceneFormatException {
        List<Account> accounts = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (YamlNode item : node.sequence("accounts", ACCOUNTS_MAX)) {
            Map<String, YamlNode> fields = item.mapping("an account", ACCOUNT_KEYS);
            YamlNode idNode = YamlNode.required(item, fields, "id", "an account");
            String id = name(idNode, "the account id");
            if (!seen.add(id)) {
                throw idNode.error("duplicate account id '" + id + "'");
            }
            YamlNode balanceNode = YamlNode.required(item, fields, "balance", "account " + id);
            long balance = balanceNode.integer("the balance", -AMOUNT_ABS_MAX, AMOUNT_ABS_MAX);
            Constraint constraint = fields.containsKey("constraint")
                    ? constraint(fields.get("constraint"), true) : Constraint.NONE;
            if (!constraint.allows(balance)) {
                throw balanceNode.error("expected an opening balance that keeps account " + id + " "
                        + constraint.yamlName() + ", found " + balance);
            }
            String openedBy = null;
            if (fields.containsKey("opened-by")) {
                openedBy = name(fields.get("opened-by"), "the transfer that opens the account");
                openedByNodes.put(id, fields.get("opened-by"));
                if (balance != 0) {
                    throw balanceNode.error("expected balance: 0 for account " + id + ", which a transfer opens (it "
                            + "is inserted empty, then the transfer moves money into or out of it), found " + balance);
                }
            }
            accounts.add(new Account(id, balance, constraint, openedBy));
        }
        if (accounts.isEmpty()) {
            throw node.error("expected at least one account");
        }
        return accounts;
    }

    private static long openingSum(List<String> members, Map<String, Long> balances) {
        long sum = 0;
        for (String member : members) {
            sum += balances.get(member);
        }
        return sum;
    }

    private static List<GroupConstraint> groups(YamlNode node, List<Account> accounts, Set<String> accountIds,
                                                Map<String, Long> balances) throws SceneFormatException {
        List<GroupConstraint> groups = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>(accountIds);
        for (YamlNode item : node.sequence("groups", GROUPS_MAX)) {
            Map<String, YamlNode> fields = item.mapping("a group", GROUP_KEYS);
            YamlNode idNode = YamlNode.required(item, fields, "id", "a group");
            String id = name(idNode, "the group id");
            if (!seen.add(id)) {
                throw idNode.error("duplicate id '" + id + "': group ids must differ from each other and from accounts");
            }
            YamlNode membersNode = YamlNode.required(item, fields, "accounts", "group " + id);
            List<String> members = new ArrayList<>();
            for (YamlNode member : membersNode.sequence("the group's accounts")) {
                String accountId = member.text("an account id");
                if (!accountIds.contains(accountId)) {
                    throw member.error("unknown account '" + YamlNode.shorten(accountId) + "'; expected one of "
                            + String.join(", ", accountIds));
                }
                if (members.contains(accountId)) {
                    throw member.error("account '" + accountId + "' is listed twice in group " + id);
                }
                members.add(accountId);
            }
            for (YamlNode member : membersNode.sequence("the group's accounts")) {
                String accountId = member.text("an account id");
                boolean opensHere = members.stream().anyMatch(m -> openedBy(accounts, m) != null);
                for (GroupConstraint earlier : groups) {
                    boolean earlierOpen = earlier.accounts().stream().anyMatch(m -> openedBy(accounts, m) != null);
                    if (opensHere && earlierOpen && earlier.accounts().contains(accountId)) {
                        throw member.error("account '" + accountId + "' is already in group " + earlier.id() + "; "
                                + "an account may belong to only one group that a transfer adds a member to (the "
                                + "app finds such a group's members by the account's group_id)");
                    }
                }
            }
            if (members.size() < 2) {
                throw membersNode.error("expected at least two accounts in group " + id);
            }
            Constraint constraint = constraint(YamlNode.required(item, fields, "constraint", "group " + id), false);
            if (!constraint.allows(openingSum(members, balances))) {
                throw item.error("expected opening balances that keep group " + id + " " + constraint.yamlName()
                        + ", found a sum of " + openingSum(members, balances));
            }
            groups.add(new GroupConstraint(id, members, constraint));
        }
        return groups;
    }

    private static String openedBy(List<Account> accounts, String accountId) {
        for (Account account : accounts) {
            if (account.id().equals(accountId)) {
                return account.openedBy();
            }
        }
        return null;
    }

    /**
     * An account a transfer opens: the transfer exists, moves money from or to it, opens no other account, and no
     * other transfer names it (a request cannot know an account that does not exist yet).
     */
    private static void openedAccounts(List<Account> accounts, List<Transfer> transfers,
                                       Map<String, YamlNode> openedByNodes) throws SceneFormatException {
        Map<String, String> openedByLane = new LinkedHashMap<>();
        for (Account account : accounts) {
            if (!account.opened()) {
                continue;
            }
            YamlNode node = openedByNodes.get(account.id());
            Transfer opener = transfers.stream().filter(t -> t.id().equals(account.openedBy())).findFirst()
                    .orElseThrow(() -> node.error("unknown transfer '" + account.openedBy() + "' in opened-by; "
                            + "expected one of " + String.join(", ", transfers.stream().map(Transfer::id).toList())));
            if (!opener.from().equals(account.id()) && !opener.to().equals(account.id())) {
                throw node.error("expected transfer " + opener.id() + " to move money from or to " + account.id()
                        + ", the account it opens");
            }
            String earlier = openedByLane.put(opener.id(), account.id());
            if (earlier != null) {
                throw node.error("transfer " + opener.id() + " already opens account " + earlier + "; a transfer "
                        + "opens at most one account");
            }
            for (Transfer other : transfers) {
                if (!other.id().equals(opener.id())
                        && (other.from().equals(account.id()) || other.to().equals(account.id()))) {
                    throw node.error("expected only " + opener.id() + " to use account " + account.id() + ", which it "
                            + "opens, but transfer " + other.id() + " uses it too; a request cannot name an account "
                            + "that does not exist yet");
                }
            }
        }
    }

    private static List<Transfer> transfers(YamlNode node, Set<String> accountIds) throws SceneFormatException {
        List<Transfer> transfers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (YamlNode item : node.sequence("transfers", TRANSFERS_MAX)) {
            Map<String, YamlNode> fields = item.mapping("a transfer", TRANSFER_KEYS);
            YamlNode idNode = YamlNode.required(item, fields, "id", "a transfer");
            String id = name(idNode, "the transfer id");
            if (id.equals(LedgerScene.REPLICA_LANE)) {
                throw idNode.error("'replica' is reserved for the replication actor; name the transfer differently");
            }
            if (!seen.add(id)) {
                throw idNode.error("duplicate transfer id '" + id + "'");
            }
            String from = accountRef(YamlNode.required(item, fields, "from", "transfer " + id), accountIds);
            YamlNode toNode = YamlNode.required(item, fields, "to", "transfer " + id);
            String to = accountRef(toNode, accountIds);
            if (from.equals(to)) {
                throw toNode.error("expected 'to' to differ from 'from' (" + from + ")");
            }
            YamlNode amountNode = YamlNode.required(item, fields, "amount", "transfer " + id);
            long amount = amountNode.integer("the amount");
            if (amount <= 0) {
                throw amountNode.error("expected a positive amount, found " + amount);
            }
            if (amount > AMOUNT_ABS_MAX) {
                throw amountNode.error("expected an amount of at most " + YamlNode.number(AMOUNT_ABS_MAX) + ", found "
                        + YamlNode.number(amount));
            }
            String instance = fields.containsKey("instance")
                    ? name(fields.get("instance"), "the app instance") : Transfer.DEFAULT_INSTANCE;
            String request = fields.containsKey("request") ? name(fields.get("request"), "the request key") : null;
            boolean absolute = fields.containsKey("write")
                    && choice(fields.get("write"), "write", "relative", "absolute").equals("absolute");
            boolean replica = fields.containsKey("read-from")
                    && choice(fields.get("read-from"), "read-from", "primary", "replica").equals("replica");
            transfers.add(new Transfer(id, from, to, amount, instance, request, absolute, replica));
        }
        if (transfers.isEmpty()) {
            throw node.error("expected at least one transfer");
        }
        return transfers;
    }

    private static List<StepRef> schedule(YamlNode node, List<String> laneIds) throws SceneFormatException {
        List<YamlNode> items = node.sequence("the schedule",
                laneIds.size() * LedgerScene.PHASES.size() + REPLICATE_STEPS_MAX);
        List<StepRef> steps = new ArrayList<>();
        for (YamlNode item : items) {
            steps.add(StepRef.parseOrNull(item.text("a step", 2 * SceneLimits.ID_LENGTH_MAX)));
        }
        ScheduleRules.Problem problem = ScheduleRules.firstProblem(steps, laneIds);
        if (problem != null) {
            YamlNode where = problem.itemIndex() >= 0 ? items.get(problem.itemIndex()) : node;
            throw where.error(problem.message());
        }
        return steps;
    }

    private static Map<StepRef, String> notes(YamlNode node, List<StepRef> schedule) throws SceneFormatException {
        Set<String> stepNames = new LinkedHashSet<>();
        schedule.forEach(s -> stepNames.add(s.toString()));
        Map<StepRef, String> notes = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> entry : node.mapping("notes (step: text)", stepNames).entrySet()) {
            notes.put(StepRef.parseOrNull(entry.getKey()),
                    entry.getValue().text("a note", SceneLimits.TEXT_LENGTH_MAX).strip());
        }
        return notes;
    }

    private static Constraint constraint(YamlNode node, boolean noneAllowed) throws SceneFormatException {
        String text = node.text("a constraint");
        for (Constraint c : Constraint.values()) {
            if (c.yamlName().equals(text) && (noneAllowed || c != Constraint.NONE)) {
                return c;
            }
        }
        throw node.error("unknown constraint '" + YamlNode.shorten(text) + "'; expected "
                + (noneAllowed ? "non-negative, non-positive or none" : "non-negative or non-positive"));
    }

    private static String accountRef(YamlNode node, Set<String> accountIds) throws SceneFormatException {
        String id = node.text("an account id");
        if (!accountIds.contains(id)) {
            throw node.error("unknown account '" + YamlNode.shorten(id) + "'; expected one of "
                    + String.join(", ", accountIds));
        }
        return id;
    }

    private static String name(YamlNode node, String what) throws SceneFormatException {
        String text = node.text(what, SceneLimits.ID_LENGTH_MAX);
        if (!NAME.matcher(text).matches()) {
            throw node.error("expected " + what + " made of letters, digits, '-' or '_', found '"
                    + YamlNode.shorten(text) + "'");
        }
        return text;
    }

    private static String choice(YamlNode node, String what, String first, String second) throws SceneFormatException {
        String text = node.text(what);
        if (!text.equals(first) && !text.equals(second)) {
            throw node.error("expected " + what + " to be " + first + " or " + second + ", found '"
                    + YamlNode.shorten(text) + "'");
        }
        return text;
    }


    private static Set<String> orderedSet(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }
}
