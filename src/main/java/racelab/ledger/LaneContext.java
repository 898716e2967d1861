package racelab.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.GroupConstraint;
import racelab.scenario.LedgerScene;
import racelab.scenario.Transfer;

/**
 * What a {@link Mitigation} sees of one lane: its transfer, its own JDBC connection and helpers that send SQL and
 * record it, exactly as sent (bound values written in place), in the trace.
 *
 * <p>One instance per lane, used only from the lane's own thread while a step runs.
 */
public final class LaneContext {

    private final LedgerScene scene;
    private final Transfer transfer;
    private final Connection db;
    private final Connection replica;
    private final DatabaseBackend backend;
    private final Map<Connection, Map<String, PreparedStatement>> statements = new HashMap<>();
    private final LockTable instanceLocks;
    private final LockTable writerQueues;
    private final Map<String, Long> deltas = new LinkedHashMap<>();
    private final List<String> affected;
    private final List<String> decisionAccounts;
    /** The account this lane opens (INSERTs) in apply, or null. */
    private final Account opens;
    /** Group rules at risk whose members the check finds by {@code group_id}: a member may join during the run. */
    private final List<GroupConstraint> openGroupsAtRisk;
    /** Members of an open group the last check found that this lane did not know of: joined since the scene began. */
    private final Set<String> joinedMembers = new LinkedHashSet<>();

    private StepLog log = new StepLog();
    private final Map<String, Long> checkedBalances = new LinkedHashMap<>();
    private final Map<String, Long> checkedVersions = new LinkedHashMap<>();
    private final Map<String, Long> replicaReads = new LinkedHashMap<>();
    /** Set before a statement that may lock rows is sent; read by the engine's threads, hence volatile. */
    private volatile boolean holdsRowLocks;
    /** Keys (account ids, request keys) of rows this transaction locked; read by other lanes' threads. */
    private final Set<String> lockedKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Keys the statement being sent names; what a refused statement was after. */
    private volatile List<String> statementKeys = List.of();
    /** Set by the engine when this lane is the victim of a cycle the database left standing. */
    private volatile String abortReason;
    /** Set by the lane thread when it sends a COMMIT, read and cleared by the engine between runs. */
    private volatile boolean commitAttempted;
    /** Guards {@link #inDatabaseCall}: an abort may only interrupt the lane while it is inside a JDBC call. */
    private final Object databaseCall = new Object();
    private boolean inDatabaseCall;

    LaneContext(LedgerScene scene, Transfer transfer, Connection db, Connection replica, DatabaseBackend backend,
                LockTable instanceLocks, LockTable writerQueues) {
        this.scene = scene;
        this.transfer = transfer;
        this.db = db;
        this.replica = replica;
        this.backend = backend;
        this.instanceLocks = instanceLocks;
        this.writerQueues = writerQueues;
        deltas.put(transfer.from(), -transfer.amount());
        deltas.put(transfer.to(), transfer.amount());
        this.opens = scene.accountOpenedBy(transfer.id()).orElse(null);
        this.openGroupsAtRisk = groupsAtRisk().stream().filter(scene::isOpen).toList();
        this.affected = computeAffected();
        this.decisionAccounts = computeDecisionAccounts();
    }

    //*************************************************************************
    // What the transfer touches                                             //
    //*************************************************************************

    public Transfer transfer() {
        return transfer;
    }

    public String lane() {
        return transfer.id();
    }

    public LedgerScene scene() {
        return scene;
    }

    /** The database the lane runs on. */
    public DatabaseBackend backend() {
        return backend;
    }

    /** Change of each written account: {@code from} = -amount, {@code to} = +amount. */
    public Map<String, Long> deltas() {
        return deltas;
    }

    /** Accounts the check must read: both sides of the transfer and every member of a group rule it could break. */
    public List<String> affectedAccounts() {
        return affected;
    }

    /** {@link #affectedAccounts()} sorted by id: the one lock order every lane agrees on. */
    public List<String> affectedAccountsInIdOrder() {
        List<String> sorted = new ArrayList<>(affected);
        sorted.sort(Comparator.naturalOrder());
        return sorted;
    }

    /**
     * Accounts whose value the decision depends on, in the order the request names them ({@code from}, {@code to},
     * then group members): accounts this entry could push out of bounds, members of a group rule it could break,
     * and with an absolute write the written accounts too.
     */
    public List<String> decisionAccountsInRequestOrder() {
        return decisionAccounts;
    }

    /** Whether this entry moves the account towards breaking its rule. */
    public boolean atRisk(String accountId) {
        Constraint constraint = scene.account(accountId).map(Account::constraint).orElse(Constraint.NONE);
        return movesTowardsBreaking(constraint, deltas.getOrDefault(accountId, 0L));
    }

    /** Group rules this entry could break. */
    public List<GroupConstraint> groupsAtRisk() {
        List<GroupConstraint> groups = new ArrayList<>();
        for (GroupConstraint group : scene.groups()) {
            if (movesTowardsBreaking(group.constraint(), groupDelta(group))) {
                groups.add(group);
            }
        }
        return groups;
    }

    long groupDelta(GroupConstraint group) {
        long sum = 0;
        for (String member : group.accounts()) {
            sum += deltas.getOrDefault(member, 0L);
        }
        return sum;
    }

    private static boolean movesTowardsBreaking(Constraint constraint, long delta) {
        return (constraint == Constraint.NON_NEGATIVE && delta < 0) || (constraint == Constraint.NON_POSITIVE && delta > 0);
    }

    /**
     * Whether the lane can know the account when it starts: any account that exists from the start, and the one it
     * opens itself; not one another transfer opens (the check may still find it, see {@link #joinedMembers()}).
     */
    private boolean known(String accountId) {
        return scene.account(accountId).map(a -> !a.opened() || a.openedBy().equals(transfer.id())).orElse(false);
    }

    private List<String> computeAffected() {
        Set<String> ids = new LinkedHashSet<>(deltas.keySet());
        groupsAtRisk().forEach(g -> ids.addAll(g.accounts()));
        List<String> inSceneOrder = new ArrayList<>();
        for (Account account : scene.accounts()) {
            if (ids.contains(account.id()) && known(account.id())) {
                inSceneOrder.add(account.id());
            }
        }
        return List.copyOf(inSceneOrder);
    }

    private List<String> computeDecisionAccounts() {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : deltas.keySet()) {
            if (atRisk(id) || transfer.absoluteWrite()) {
                ids.add(id);
            }
        }
        groupsAtRisk().forEach(g -> g.accounts().stream().filter(this::known).forEach(ids::add));
        return List.copyOf(ids);
    }

    /** The account this lane opens in apply, or null. */
    public Account opensAccount() {
        return opens;
    }

    /**
     * Whether the check finds the members of a group rule at risk by a predicate ({@code WHERE group_id = ...})
     * rather than by their keys: so for a group a transfer adds a member to ({@link LedgerScene#isOpen}).
     */
    public boolean readsGroupsByMembership() {
        return !openGroupsAtRisk.isEmpty();
    }

    /**
     * Members of an open group the last check found that the lane did not know when it started: they joined (were
     * inserted and committed by another transfer) before the read. In read order; empty before the check.
     */
    public Set<String> joinedMembers() {
        return joinedMembers;
    }

    //*************************************************************************
    // SQL, recorded as sent                                                 //
    //*************************************************************************

    /** Adds a sentence to the event's detail. */
    public void note(String sentence) {
        log.detail(sentence);
    }

    /** Reads balances (and versions) of the given accounts with one plain SELECT on the primary. */
    public Map<String, Long> readBalances(List<String> ids) throws SQLException {
        return readBalancesFrom(db, "", ids);
    }

    /** Reads balances (and versions) from the read replica, which may lag behind the primary. */
    public Map<String, Long> readBalancesFromReplica(List<String> ids) throws SQLException {
        Map<String, Long> balances = readBalancesFrom(replica, "/* replica */ ", ids);
        replicaReads.putAll(balances);
        return balances;
    }

    private Map<String, Long> readBalancesFrom(Connection connection, String prefix, List<String> ids)
            throws SQLException {
        if (connection == db && readsGroupsByMembership()) {
            return readWithGroups(ids, false);
        }
        StringBuilder template = new StringBuilder(prefix).append("SELECT id, balance, version FROM account WHERE id IN (");
        for (int i = 0; i < ids.size(); i++) {
            template.append(i == 0 ? "?" : ", ?");
        }
        template.append(") ORDER BY id");
        Map<String, Long> balances = new LinkedHashMap<>();
        PreparedStatement statement = prepare(connection, template.toString(), ids.toArray());
        try (ResultSet rows = executeQuery(statement)) {
            int count = 0;
            while (rows.next()) {
                balances.put(rows.getString(1), rows.getLong(2));
                checkedVersions.put(rows.getString(1), rows.getLong(3));
                count++;
            }
            log.read(count);
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            ordered.put(id, balances.get(id));
        }
        checkedBalances.putAll(ordered);
        return ordered;
    }

    /**
     * {@code SELECT ... FOR UPDATE} of the lane's accounts and of every member of its open groups, in one statement
     * ({@code WHERE id IN (...) OR group_id = ...}): it waits for any other holder of a row it matched, then returns
     * each such row in its latest committed version. A row inserted by the transaction it waited for is not among them
     * when the statement began before that commit (PostgreSQL docs, 13.2.1 Read Committed Isolation Level: "it
     * does not see effects of those commands on other rows"; H2 2.4 behaves the same, probed): the phantom.
     */
    public Map<String, Long> lockAndReadWithGroups(List<String> ids) throws SQLException {
        holdsRowLocks = true;
        return readWithGroups(ids, true);
    }

    /**
     * One SELECT of the given accounts that are not members of an open group, plus every row whose group_id names an
     * open group at risk; the lane's own new account, not inserted yet, is simply not found.
     */
    private Map<String, Long> readWithGroups(List<String> ids, boolean forUpdate) throws SQLException {
        Set<String> openMembers = new LinkedHashSet<>();
        openGroupsAtRisk.forEach(g -> openMembers.addAll(g.accounts()));
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        List<String> byKey = ids.stream().filter(id -> !openMembers.contains(id)).toList();
        if (!byKey.isEmpty()) {
            where.append("id IN (");
            for (int i = 0; i < byKey.size(); i++) {
                where.append(i == 0 ? "?" : ", ?");
                params.add(byKey.get(i));
            }
            where.append(")");
        }
        for (GroupConstraint group : openGroupsAtRisk) {
            where.append(where.length() == 0 ? "" : " OR ").append("group_id = ?");
            params.add(group.id());
        }
        String template = "SELECT id, balance, version FROM account WHERE " + where + " ORDER BY id"
                + (forUpdate ? " FOR UPDATE" : "");
        PreparedStatement statement = prepare(db, template, params.toArray());
        // The rows it may wait for: the keys it names and every member of the groups it reads.
        List<String> wanted = new ArrayList<>(byKey);
        wanted.addAll(openMembers);
        statementKeys = wanted;
        Map<String, Long> found = new LinkedHashMap<>();
        try (ResultSet rows = executeQuery(statement)) {
            int count = 0;
            while (rows.next()) {
                found.put(rows.getString(1), rows.getLong(2));
                checkedVersions.put(rows.getString(1), rows.getLong(3));
                count++;
            }
            log.read(count);
        }
        if (forUpdate) {
            lockedKeys.addAll(found.keySet());
        }
        joinedMembers.clear();
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            if (found.containsKey(id)) {
                ordered.put(id, found.get(id));
            }
        }
        for (Map.Entry<String, Long> row : found.entrySet()) {
            if (!ordered.containsKey(row.getKey())) {
                ordered.put(row.getKey(), row.getValue());
                joinedMembers.add(row.getKey());
            }
        }
        checkedBalances.putAll(ordered);
        return ordered;
    }

    /**
     * Opens the account this lane opens: one INSERT of an empty row (balance 0, version 0) carrying its rule and, for
     * a member of an open group, the group_id the other lanes' checks look for. Run at the start of apply.
     */
    void openAccount() throws SQLException {
        if (opens == null) {
            return;
        }
        int ord = scene.accounts().indexOf(opens);
        String group = scene.openGroupOf(opens.id()).map(GroupConstraint::id).orElse(null);
        if (group == null) {
            updateRows(List.of(opens.id()), "INSERT INTO account (id, ord, balance, version, rule) VALUES (?, " + ord
                    + ", 0, 0, ?)", opens.id(), opens.constraint().yamlName());
        } else {
            updateRows(List.of(opens.id()), "INSERT INTO account (id, ord, balance, version, rule, group_id) VALUES (?, "
                    + ord + ", 0, 0, ?, ?)", opens.id(), opens.constraint().yamlName(), group);
        }
        log.detail("opens account " + opens.id() + (group == null ? "" : " as a new member of " + group)
                + ": a new row, invisible to other sessions until this transaction commits");
    }

    /** {@code SELECT ... FOR UPDATE} of one account: waits for any other holder, then reads the latest committed row. */
    public long lockAndRead(String id) throws SQLException {
        PreparedStatement statement = prepare(db, "SELECT balance, version FROM account WHERE id = ? FOR UPDATE", id);
        holdsRowLocks = true;
        try (ResultSet rows = executeQuery(statement)) {
            lockedKeys.add(id);
            rows.next();
            long balance = rows.getLong(1);
            checkedBalances.put(id, balance);
            checkedVersions.put(id, rows.getLong(2));
            log.read(1);
            return balance;
        }
    }

    /**
     * Runs a statement on the primary for its effect (e.g. taking a lock with a function call), reading and
     * discarding any rows it returns.
     */
    public void execute(String template, Object... params) throws SQLException {
        PreparedStatement statement = prepare(db, template, params);
        holdsRowLocks = true;
        statement.execute();
    }

    /** Runs an INSERT/UPDATE/DELETE on the primary and returns the row count. */
    public int update(String template, Object... params) throws SQLException {
        return updateRows(null, template, params);
    }

    /** {@link #update}, naming the rows the statement is after when its string parameters are not all keys. */
    private int updateRows(List<String> keys, String template, Object... params) throws SQLException {
        PreparedStatement statement = prepare(db, template, params);
        if (keys != null) {
            statementKeys = keys;
        }
        holdsRowLocks = true;
        int rows;
        enterDatabaseCall();
        try {
            rows = statement.executeUpdate();
        } finally {
            exitDatabaseCall();
        }
        if (rows > 0) {
            lockedKeys.addAll(statementKeys);
        }
        log.affected(rows);
        return rows;
    }

    /** COMMIT on the primary. */
    public void commit() throws SQLException {
        log.sql("COMMIT");
        // Set before the call: a COMMIT that fails may still have changed committed rows, and the reset must know.
        commitAttempted = true;
        enterDatabaseCall();
        try {
            db.commit();
        } finally {
            exitDatabaseCall();
        }
        lockedKeys.clear();
        log.detail("commits: its changes become visible and its locks are released");
    }

    /** Balances the check read, by account. */
    public Map<String, Long> checkedBalances() {
        return checkedBalances;
    }

    /** Versions the check read, by account. */
    public Map<String, Long> checkedVersions() {
        return checkedVersions;
    }

    /**
     * The application's check: would the entry, applied to {@code balances}, break an account or group rule?
     * Declines (throws) if so; otherwise notes why it is allowed.
     */
    public void evaluate(Map<String, Long> balances) {
        StringBuilder reads = new StringBuilder("reads ");
        balances.forEach((id, value) -> reads.append(reads.length() > 6 ? ", " : "").append(id).append(" = ").append(value));
        if (opens != null && !balances.containsKey(opens.id())) {
            reads.append("; ").append(opens.id()).append(" does not exist yet: this request opens it, empty, in apply");
        }
        if (!joinedMembers.isEmpty()) {
            reads.append("; ").append(String.join(", ", joinedMembers)).append(String.join("", joinedMembers.size() == 1
                    ? " is a new member, found by the group read" : " are new members, found by the group read"));
        }
        log.detail(reads.toString());
        List<String> verdicts = new ArrayList<>();
        for (Map.Entry<String, Long> delta : deltas.entrySet()) {
            String id = delta.getKey();
            if (!atRisk(id)) {
                continue;
            }
            Constraint constraint = scene.account(id).orElseThrow().constraint();
            long before = balanceAsRead(id, balances);
            long after = before + delta.getValue();
            String sentence = id + ": " + before + signed(delta.getValue()) + " = " + after;
            if (!constraint.allows(after)) {
                throw new Declined(sentence + (constraint == Constraint.NON_NEGATIVE ? " < 0" : " > 0")
                        + ", would break " + constraint.yamlName() + ": declined");
            }
            verdicts.add(sentence + (constraint == Constraint.NON_NEGATIVE ? " >= 0" : " <= 0"));
        }
        for (GroupConstraint group : groupsAtRisk()) {
            long sum = 0;
            List<String> counted = new ArrayList<>();
            for (String member : group.accounts()) {
                // A member the read did not find is not counted: the lane's own new account (opened empty later in
                // this transaction) adds its opening balance, one another request opens is invisible to this check.
                if (balances.containsKey(member) || (opens != null && opens.id().equals(member))) {
                    sum += balanceAsRead(member, balances);
                    counted.add(member);
                }
            }
            long after = sum + groupDelta(group);
            String sentence = group.id() + " (" + String.join(" + ", counted) + "): " + sum
                    + signed(groupDelta(group)) + " = " + after;
            if (!group.constraint().allows(after)) {
                throw new Declined(sentence + ", would break the group's " + group.constraint().yamlName()
                        + " rule: declined");
            }
            verdicts.add(sentence + (group.constraint() == Constraint.NON_NEGATIVE ? " >= 0" : " <= 0"));
        }
        log.detail(verdicts.isEmpty() ? "no rule at risk: allowed" : String.join(", ", verdicts) + ": allowed");
    }

    /** A balance the check read; the lane's own new account, not inserted yet, has its opening balance. */
    private long balanceAsRead(String id, Map<String, Long> balances) {
        Long value = balances.get(id);
        if (value != null) {
            return value;
        }
        return scene.account(id).map(Account::balance).orElse(0L);
    }

    /** Writes the entry the way the app was written: relative changes, or absolute values computed from the check. */
    public void writeAsTheAppDoes() throws SQLException {
        write(new ArrayList<>(deltas.keySet()));
    }

    /**
     * Like {@link #writeAsTheAppDoes()}, but the rows are written in account-id order, the one order every lane
     * agrees on: two opposite transfers then wait for each other's first row instead of holding one row each and
     * deadlocking.
     */
    public void writeInAccountIdOrder() throws SQLException {
        write(deltasInAccountIdOrder());
    }

    /** The accounts this transfer writes, sorted by id. */
    public List<String> deltasInAccountIdOrder() {
        List<String> sorted = new ArrayList<>(deltas.keySet());
        sorted.sort(Comparator.naturalOrder());
        return sorted;
    }

    private void write(List<String> order) throws SQLException {
        for (String id : order) {
            long delta = deltas.get(id);
            if (transfer.absoluteWrite()) {
                long value = balanceAsRead(id, checkedBalances) + delta;
                update("UPDATE account SET balance = ? WHERE id = ?", value, id);
            } else {
                updateRelative(id, delta);
            }
        }
        // Said only once the writes went through, so a failed step does not claim them.
        log.detail(transfer.absoluteWrite()
                ? "writes the balances it computed from its check (" + transfer.from() + " = "
                + (balanceAsRead(transfer.from(), checkedBalances) - transfer.amount()) + ", " + transfer.to() + " = "
                + (balanceAsRead(transfer.to(), checkedBalances) + transfer.amount()) + "), whatever they are now"
                : "moves " + transfer.amount() + " from " + transfer.from() + " to " + transfer.to()
                + "; not committed yet, so other sessions still read the old balances");
    }

    /** {@code UPDATE account SET balance = balance - 80 WHERE id = 'alice'}. */
    public int updateRelative(String id, long delta) throws SQLException {
        return delta < 0
                ? update("UPDATE account SET balance = balance - ? WHERE id = ?", -delta, id)
                : update("UPDATE account SET balance = balance + ? WHERE id = ?", delta, id);
    }

    /** Declines the transfer: the lane rolls back and ends. */
    public RuntimeException decline(String reason) {
        return new Declined(reason);
    }

    /** Asks for a retry of the whole transaction (bounded by the mitigation's attempts). */
    public RuntimeException retry(String reason) {
        return new RetryRequested(reason);
    }

    //*************************************************************************
    // Engine side                                                           //
    //*************************************************************************

    LockTable instanceLocks() {
        return instanceLocks;
    }

    LockTable writerQueues() {
        return writerQueues;
    }

    Map<String, Long> replicaReads() {
        return replicaReads;
    }

    StepLog log() {
        return log;
    }

    void newLog() {
        log = new StepLog();
    }

    boolean holdsRowLocks() {
        return holdsRowLocks;
    }

    /** Rows this transaction holds locks on, by key. */
    Set<String> lockedKeys() {
        return lockedKeys;
    }

    /** Keys the last statement sent (or being sent) names. */
    List<String> statementKeys() {
        return statementKeys;
    }

    /** The transaction ended (commit or rollback): it holds no row locks any more. */
    void transactionEnded() {
        lockedKeys.clear();
    }

    private ResultSet executeQuery(PreparedStatement statement) throws SQLException {
        enterDatabaseCall();
        try {
            return statement.executeQuery();
        } finally {
            exitDatabaseCall();
        }
    }

    private void enterDatabaseCall() {
        synchronized (databaseCall) {
            inDatabaseCall = true;
        }
    }

    /** Leaves the JDBC call; an interrupt aimed at it that arrived too late to end it is dropped here. */
    private void exitDatabaseCall() {
        synchronized (databaseCall) {
            inDatabaseCall = false;
            Thread.interrupted();
        }
    }

    /**
     * Ends the lane's current wait as one step the lane cannot interleave with: records why ({@code reason}, null
     * for none), cancels its waits in the lab's own lock tables, and runs {@code interrupt} only if the lane is inside
     * a JDBC call. The lane takes the same monitor to enter a JDBC call and to clear an abort, so a lane woken by the
     * cancel cannot clear the reason and start its retry's statement before the interrupt is decided: an abort aimed
     * at one attempt never hits the next (seen under load: the retry's first statement failed with HYT00 and no reason).
     */
    <E extends Exception> void abortCurrentWait(String reason, Runnable cancelLabWaits, ThrowingRunnable<E> interrupt)
            throws E {
        synchronized (databaseCall) {
            if (reason != null) {
                abortReason = reason;
            }
            cancelLabWaits.run();
            if (inDatabaseCall) {
                interrupt.run();
            }
        }
    }

    /** A runnable that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable<E extends Exception> {
        void run() throws E;
    }

    /**
     * Whether this lane sent a COMMIT since the last call: the engine resets committed balances only after a run
     * that may have changed them. Read by the engine between runs, when the lane's thread is idle.
     */
    boolean takeCommitAttempted() {
        boolean attempted = commitAttempted;
        commitAttempted = false;
        return attempted;
    }

    String abortReason() {
        return abortReason;
    }

    void clearAbort() {
        synchronized (databaseCall) {
            abortReason = null;
        }
    }

    /** Forgets what the previous attempt read, before a run or a retry. */
    void resetAttempt() {
        lockedKeys.clear();
        checkedBalances.clear();
        checkedVersions.clear();
        replicaReads.clear();
        joinedMembers.clear();
        holdsRowLocks = false;
    }

    void closeStatements() {
        for (Map<String, PreparedStatement> byConnection : statements.values()) {
            for (PreparedStatement statement : byConnection.values()) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // closing the connection closes it anyway
                }
            }
        }
        statements.clear();
    }

    private PreparedStatement prepare(Connection connection, String template, Object... params) throws SQLException {
        String abort = abortReason;
        if (abort != null) {
            throw new CycleBroken(abort);
        }
        List<String> keys = new ArrayList<>();
        for (Object param : params) {
            if (param instanceof String key) {
                keys.add(key);
            }
        }
        statementKeys = keys;
        log.sql(render(template, params));
        PreparedStatement statement = statements.computeIfAbsent(connection, c -> new HashMap<>()).get(template);
        if (statement == null) {
            statement = connection.prepareStatement(template);
            statements.get(connection).put(template, statement);
        }
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    /** The statement with its bound values written in place, as shown in the trace. */
    static String render(String template, Object... params) {
        StringBuilder text = new StringBuilder();
        int param = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '?' && param < params.length) {
                Object value = params[param++];
                text.append(value instanceof String ? "'" + ((String) value).replace("'", "''") + "'" : String.valueOf(value));
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static String signed(long delta) {
        return delta < 0 ? " - " + (-delta) : " + " + delta;
    }
}
