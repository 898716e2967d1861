package racelab.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a scene file into a broken or strange variant, the way testers did by hand: lines deleted, duplicated and
 * swapped; numbers made huge, negative, zero or non-numeric; wrong types; deep nesting; YAML aliases; very long strings
 * and ids; unicode and control characters; binary junk; empty and oversized files; plus plausible edits (another
 * mitigation, fault kind, target or setting) so that many mutants are accepted and go on to run.
 *
 * <p>Deterministic: the same text and the same random state give the same mutant.
 */
public final class SceneMutator {

    /** One mutant: its bytes and what was done to the original, for the report. */
    public record Mutant(String source, byte[] bytes, List<String> mutations) {

        public String describe() {
            return source + " [" + String.join("; ", mutations) + "]";
        }
    }

    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.:-])-?\\d[\\d_]*(?![\\w.])");
    private static final Pattern VALUE = Pattern.compile("(?<=: )[^\\s{}\\[\\],#][^,}\\]#]*");
    private static final Pattern ID_VALUE = Pattern.compile("(?<=\\bid: )[^,}\\s]+");
    private static final String[] NUMBERS = {"99999999999999999999", "9223372036854775807", "4611686018427387903",
        "-9223372036854775808", "86400001", "2147483648", "1000000000000000001", "-1", "-2", "-100", "0", "1", "2", "3",
        "abc", "1.5", "1e9", "0x1F", "1000..2000", "2000..1000", "0..86400001", "5..99999999999999999999", "''", "~", "null", "true", "[1, 2]", "{a: 1}", "1_000", "+7", "٣"};
    private static final String[] WORDS = {
        // ledger
        "naive", "repeatable-read", "serializable", "for-update", "for-update-unordered", "optimistic-version",
        "conditional-update", "check-constraint", "app-lock", "single-writer", "magic", "non-negative", "non-positive",
        "none", "replica", "replica.replicate", "T1", "T2", "T3", "T9", "T1.begin", "T2.commit", "absolute", "relative",
        "primary", "alice", "bob", "ledger", "log",
        // log
        "power-cut", "kill", "pause", "isolate", "slow", "replication-lag", "leader-bounce", "restart", "broker-1",
        "broker-2", "broker-3", "broker-9", "app-1", "app-2", "app-5", "client", "leader:changelog-0",
        "followers:changelog-0", "leader:journal-1", "followers:journal-3", "leader:changelog-99999999999",
        "followers:__consumer_offsets-0", "leader:applied-0", "rack", "app-room", "F1", "F9", "F19", "lost",
        "duplicated", "conservation", "exactly_once_v2", "at_least_once", "all", "-1", "legs", "saga"};
    private static final String[] SETTING_LINES = {"sim.partitions: 0", "sim.partitions: 4", "sim.partitions: 16",
        "sim.partitions: 99999999999", "sim.brokers: 1", "sim.brokers: 9", "sim.brokers: 0", "sim.instances: 2",
        "sim.instances: 4", "sim.record.bytes: 0", "sim.record.bytes: 1", "sim.entry.routing: legs",
        "sim.entry.routing: saga", "acks: 0", "acks: 1", "acks: all", "flush.messages: 1", "flush.ms: 0",
        "replication.factor: 1", "replication.factor: 3", "min.insync.replicas: 3", "min.insync.replicas: 0",
        "unclean.leader.election.enable: true", "processing.guarantee: at_least_once",
        "processing.guarantee: exactly_once_v2", "commit.interval.ms: 0", "commit.interval.ms: 1",
        "linger.ms: 9223372036854775807", "retries: 0", "delivery.timeout.ms: 1", "request.timeout.ms: 0",
        "session.timeout.ms: 1", "heartbeat.interval.ms: 0", "sim.poll.interval.ms: 1", "sim.network.delay.ms: 0",
        "segment.bytes: 1", "retention.ms: 0", "changelog/cleanup.policy: delete", "statestore.cache.max.bytes: 0",
        "sim.design: hand-made", "sim.store.caching: true", "sim.checkpoint.offset.delta: 0",
        "sim.rocksdb.memtable.records: 1", "max.poll.records: 1", "sim.lineage: false", "log.retention.check.interval.ms: 1"};
    /** Numeric settings, to be given extreme values: Kafka accepts many of them up to Long.MAX_VALUE. */
    private static final String[] NUMERIC_SETTINGS = {"linger.ms", "batch.size", "retries", "retry.backoff.ms",
        "request.timeout.ms", "delivery.timeout.ms", "max.in.flight.requests.per.connection", "transaction.timeout.ms",
        "auto.commit.interval.ms", "session.timeout.ms", "heartbeat.interval.ms", "max.poll.records",
        "commit.interval.ms", "statestore.cache.max.bytes", "replication.factor", "min.insync.replicas",
        "flush.messages", "flush.ms", "retention.ms", "segment.bytes", "log.retention.check.interval.ms",
        "replica.lag.time.max.ms", "replica.fetch.wait.max.ms", "replica.fetch.backoff.ms",
        "broker.session.timeout.ms", "sim.network.delay.ms", "sim.os.dirty.expire.ms", "sim.os.writeback.interval.ms",
        "sim.poll.interval.ms", "sim.record.bytes", "sim.checkpoint.offset.delta", "sim.rocksdb.memtable.records",
        "changelog/retention.ms", "changelog/segment.bytes", "journal/flush.messages"};
    private static final String[] EXTREMES = {"0", "1", "-1", "2", "9223372036854775807", "2147483647", "2147483648",
        "86400001", "1000000"};
    private static final String[] FAULT_KINDS = {"power-cut", "kill", "pause", "isolate", "slow", "replication-lag",
        "leader-bounce", "restart"};
    private static final String[] TARGETS = {"broker-1", "broker-2", "broker-3", "broker-4", "app-1", "app-2",
        "leader:changelog-0", "followers:changelog-0", "leader:journal-0", "followers:journal-1", "leader:applied-0",
        "leader:__consumer_offsets-0", "followers:changelog-3"};
    private static final String[] ODD_TEXT = {"é", "😀", "\u0000", "\u0007", "\u001b", "\t", "\r", "\u2028", "\u0085",
        "\uFEFF", "\u202E", "e\u0301", "中文", "\uFFFE", "'", "\"", "\\", ": ", "- ", "#", "&a ", "*a", "!!binary ", "%",
        "@", "`", "|", ">", "{", "}", "[", "]", ",", "?", "\n", "\n  ", "\t- "};
    private static final String[] EMPTY = {"", "\n", "   \n", "---\n", "# only a comment\n", "~\n", "...\n", "---\n---\n"};

    private final List<String> crossoverLines;

    /** @param corpus every scene's text, whose lines may be spliced into other scenes */
    public SceneMutator(List<String> corpus) {
        crossoverLines = new ArrayList<>();
        corpus.forEach(text -> crossoverLines.addAll(Arrays.asList(text.split("\n"))));
    }

    /** One mutant of {@code text}: one to three edits, most on text, a few on raw bytes. */
    public Mutant mutate(String source, String text, SplittableRandom random) {
        List<String> done = new ArrayList<>();
        String current = text;
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            current = textEdit(current, random, done);
        }
        byte[] bytes = current.getBytes(StandardCharsets.UTF_8);
        int roll = random.nextInt(100);
        if (roll < 4) {
            bytes = binaryJunk(bytes, random, done);
        } else if (roll < 5) {
            bytes = oversized(bytes, random, done);
        }
        return new Mutant(source, bytes, List.copyOf(done));
    }

    private String textEdit(String text, SplittableRandom random, List<String> done) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int line = random.nextInt(Math.max(1, lines.size()));
        int roll = random.nextInt(100);
        if (roll < 8) {
            done.add("delete line " + (line + 1));
            lines.remove(Math.min(line, lines.size() - 1));
        } else if (roll < 13) {
            done.add("duplicate line " + (line + 1));
            lines.add(line, lines.get(line));
        } else if (roll < 18) {
            int other = random.nextInt(lines.size());
            done.add("swap lines " + (line + 1) + " and " + (other + 1));
            String a = lines.get(line);
            lines.set(line, lines.get(other));
            lines.set(other, a);
        } else if (roll < 34) {
            return replaceOne(text, NUMBER, pick(NUMBERS, random), random, done, "number");
        } else if (roll < 44) {
            return replaceOne(text, VALUE, pick(WORDS, random), random, done, "value");
        } else if (roll < 52) {
            String replacement = switch (random.nextInt(4)) {
                case 0 -> "[" + pick(WORDS, random) + ", 1]";
                case 1 -> "{ k: " + pick(WORDS, random) + " }";
                case 2 -> "";
                default -> "[]";
            };
            return replaceOne(text, VALUE, replacement, random, done, "value with a wrong type");
        } else if (roll < 60) {
            return insertLine(lines, line, random, done);
        } else if (roll < 65) {
            int depth = pick(new int[] {4, 15, 16, 17, 50, 1_000, 10_000}, random);
            boolean closed = random.nextBoolean();
            String nested = "[".repeat(depth) + (closed ? "]".repeat(depth) : "");
            return replaceOne(text, VALUE, nested, random, done, "value nested " + depth + " deep");
        } else if (roll < 69) {
            done.add("alias");
            String anchored = replaceOne(text, VALUE, "&a " + pick(WORDS, random), random, new ArrayList<>(), "");
            return replaceOne(anchored, VALUE, "*a", random, new ArrayList<>(), "");
        } else if (roll < 76) {
            int length = pick(new int[] {63, 64, 65, 129, 200, 201, 20_001, 100_000}, random);
            Pattern where = random.nextBoolean() ? ID_VALUE : VALUE;
            return replaceOne(text, where, "x".repeat(length), random, done, length + "-character value");
        } else if (roll < 88) {
            String odd = pick(ODD_TEXT, random);
            int at = random.nextInt(4) == 0 ? Math.min(text.length(), 1_000 + random.nextInt(48)) : random.nextInt(text.length() + 1);
            if (at > text.length()) {
                at = text.length();
            }
            if (at > 0 && Character.isHighSurrogate(text.charAt(at - 1))) {
                at--;
            }
            done.add("insert " + visible(odd) + " at char " + at);
            return text.substring(0, at) + odd + text.substring(at);
        } else if (roll < 92) {
            int padding = 900 + random.nextInt(200);
            done.add("pad narration to put later text near char 1,024");
            return text.replaceFirst("(?m)^(narration: *\\|?\\s*\\n?)", "$1" + "  " + "w".repeat(padding) + "😀\n  ");
        } else if (roll < 95) {
            int at = random.nextInt(text.length() + 1);
            done.add("truncate at char " + at);
            return text.substring(0, at);
        } else if (roll < 97) {
            String empty = pick(EMPTY, random);
            done.add("replace the file by " + visible(empty));
            return empty;
        } else if (roll < 98) {
            done.add("splice line from another scene at line " + (line + 1));
            lines.add(line, crossoverLines.get(random.nextInt(crossoverLines.size())));
        } else {
            return reschedule(text, List.of(), random, done);
        }
        return String.join("\n", lines);
    }

    private static final Pattern SCHEDULE = Pattern.compile("(?m)^schedule: \\[([^\\]\\n]*)\\]");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\{ id: ([\\w-]+), balance");

    /**
     * Another interleaving of a ledger scene's one-line schedule, keeping each lane's order, with {@code newLanes}'
     * four steps woven in: valid schedules the scene's author did not write, which is where waits and cycles hide.
     */
    private static String reschedule(String text, List<String> newLanes, SplittableRandom random, List<String> done) {
        Matcher matcher = SCHEDULE.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        java.util.Map<String, java.util.ArrayDeque<String>> lanes = new java.util.LinkedHashMap<>();
        for (String step : matcher.group(1).split(",")) {
            String trimmed = step.trim();
            lanes.computeIfAbsent(trimmed.substring(0, Math.max(0, trimmed.lastIndexOf('.'))), k -> new java.util.ArrayDeque<>())
                    .add(trimmed);
        }
        for (String lane : newLanes) {
            lanes.put(lane, new java.util.ArrayDeque<>(List.of(lane + ".begin", lane + ".check", lane + ".apply",
                    lane + ".commit")));
        }
        List<String> order = new ArrayList<>();
        List<java.util.ArrayDeque<String>> open = new ArrayList<>(lanes.values());
        while (!open.isEmpty()) {
            int pick = random.nextInt(open.size());
            order.add(open.get(pick).poll());
            if (open.get(pick).isEmpty()) {
                open.remove(pick);
            }
        }
        done.add("reschedule " + String.join(",", order));
        return text.substring(0, matcher.start()) + "schedule: [" + String.join(", ", order) + "]"
                + text.substring(matcher.end());
    }

    /**
     * One to four transfers between the scene's own accounts in random directions, with their steps woven into the
     * schedule: the opposite and circular transfers whose writes wait for each other.
     */
    private static String addTransfers(String text, SplittableRandom random, List<String> done) {
        List<String> accounts = new ArrayList<>();
        Matcher ids = ACCOUNT_ID.matcher(text);
        while (ids.find()) {
            accounts.add(ids.group(1));
        }
        int transfersAt = text.indexOf("\ntransfers:\n");
        if (accounts.size() < 2 || transfersAt < 0) {
            return text;
        }
        int count = 1 + random.nextInt(4);
        StringBuilder added = new StringBuilder();
        List<String> lanes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String lane = "X" + (i + 1);
            int from = random.nextInt(accounts.size());
            int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
            added.append("  - { id: ").append(lane).append(", from: ").append(accounts.get(from)).append(", to: ")
                    .append(accounts.get(to)).append(", amount: ").append(1 + random.nextInt(120)).append(" }\n");
            lanes.add(lane);
        }
        done.add("add " + count + " transfers");
        int insertAt = transfersAt + "\ntransfers:\n".length();
        String withTransfers = text.substring(0, insertAt) + added + text.substring(insertAt);
        return reschedule(withTransfers, lanes, random, done);
    }

    /** A settings line, a fault, or a schedule step: edits that often keep the scene valid but make it run differently. */
    private String insertLine(List<String> lines, int line, SplittableRandom random, List<String> done) {
        int settings = indexOf(lines, "settings:");
        int faults = indexOf(lines, "faults:");
        if (settings >= 0 && random.nextBoolean()) {
            String setting = random.nextBoolean() ? pick(SETTING_LINES, random)
                    : pick(NUMERIC_SETTINGS, random) + ": " + pick(EXTREMES, random);
            done.add("add setting " + setting);
            lines.add(settings + 1, "  " + setting);
        } else if (faults >= 0) {
            String fault = "  - { at: " + pick(new long[] {0, 1, 1_000, 30_000, 86_400_000, 86_400_001, 4_611_686_018_427_387_903L}, random)
                    + ", kind: " + pick(FAULT_KINDS, random) + ", target: '" + pick(TARGETS, random) + "'"
                    + (random.nextBoolean() ? ", durationMs: " + pick(new long[] {-1, 0, 1, 5_000, 86_400_000, 9_000_000_000_000_000L}, random) : "")
                    + (random.nextBoolean() ? ", delayMs: " + pick(new long[] {0, 1, 500, 86_400_000}, random) : "")
                    + " }";
            done.add("add fault " + fault.trim());
            lines.add(faults + 1, fault);
        } else {
            return addTransfers(String.join("\n", lines), random, done);
        }
        return String.join("\n", lines);
    }

    private static String replaceOne(String text, Pattern pattern, String replacement, SplittableRandom random,
            List<String> done, String what) {
        Matcher matcher = pattern.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (matcher.find()) {
            spans.add(new int[] {matcher.start(), matcher.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        if (!what.isEmpty()) {
            done.add(what + " '" + visible(text.substring(span[0], span[1])) + "' -> '" + visible(replacement) + "'");
        }
        return text.substring(0, span[0]) + replacement + text.substring(span[1]);
    }

    private static byte[] binaryJunk(byte[] bytes, SplittableRandom random, List<String> done) {
        int length = 1 + random.nextInt(random.nextInt(4) == 0 ? 4_096 : 16);
        byte[] junk = new byte[length];
        random.nextBytes(junk);
        int at = random.nextInt(bytes.length + 1);
        boolean replaceAll = random.nextInt(5) == 0;
        done.add(replaceAll ? length + " random bytes instead of the file" : length + " random bytes at byte " + at);
        if (replaceAll) {
            return junk;
        }
        byte[] out = new byte[bytes.length + length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, length);
        System.arraycopy(bytes, at, out, at + length, bytes.length - at);
        return out;
    }

    private static byte[] oversized(byte[] bytes, SplittableRandom random, List<String> done) {
        int size = random.nextInt(4) == 0 ? 7 << 20 : (1 << 20) + 1 + random.nextInt(4_096);
        done.add("pad the file with a comment to " + String.format("%,d", size) + " bytes");
        byte[] out = Arrays.copyOf(bytes, Math.max(size, bytes.length));
        int at = bytes.length;
        if (at < out.length) {
            out[at++] = '\n';
            if (at < out.length) {
                out[at++] = '#';
            }
            Arrays.fill(out, at, out.length, (byte) 'p');
        }
        return out;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static String visible(String text) {
        StringBuilder out = new StringBuilder();
        String shown = text.length() > 24 ? text.substring(0, 12) + "…(" + text.length() + " chars)" : text;
        shown.codePoints().forEach(c -> out.append(c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0xFEFF
                || c == 0x202E || c == 0xFFFE ? String.format("\\u%04X", c) : new String(Character.toChars(c))));
        return out.toString();
    }

    private static String pick(String[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }

    private static int pick(int[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }

    private static long pick(long[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }
}
