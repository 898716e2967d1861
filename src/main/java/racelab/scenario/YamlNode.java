package racelab.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML node that remembers where it came from, so every loader can report {@code file:line:column} errors.
 *
 * <p>Ledger and log scene loaders share this class so their error messages read the same way. Only the YAML
 * subset scenes use is supported: mappings with string keys, sequences and scalars. Limits that apply to every
 * scene ({@link SceneLimits}) are checked here, each rejection located at the offending node.
 */
public final class YamlNode {

    private final String file;
    private final Node node;

    private YamlNode(String file, Node node) {
        this.file = file;
        this.node = node;
    }

    /**
     * Reads a scene file as UTF-8 text, checking its size before reading it: a file over
     * {@link SceneLimits#FILE_BYTES_MAX} is rejected without being read whole, and a byte that is not UTF-8 is
     * reported at its line and column.
     */
    public static String readFile(Path file) throws SceneFormatException {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > SceneLimits.FILE_BYTES_MAX) {
                throw tooLarge(name, Files.size(file));
            }
            try (InputStream in = Files.newInputStream(file)) {
                // The size can change between the check and the read; never hold more than the limit plus one byte.
                bytes = in.readNBytes(SceneLimits.FILE_BYTES_MAX + 1);
            }
        } catch (IOException e) {
            throw new SceneFormatException(name, 1, 1, "cannot read the scene file: " + reason(e));
        }
        if (bytes.length > SceneLimits.FILE_BYTES_MAX) {
            throw tooLarge(name, bytes.length);
        }
        return decode(name, bytes);
    }

    /** Reads and parses a scene file; see {@link #readFile(Path)} and {@link #parse(String, String)}. */
    public static YamlNode load(Path file) throws SceneFormatException {
        return parse(file.toString(), readFile(file));
    }

    private static SceneFormatException tooLarge(String file, long size) {
        return new SceneFormatException(file, 1, 1, "the file has " + SceneLimits.bytes(size)
                + "; a scene file may have at most " + SceneLimits.bytes(SceneLimits.FILE_BYTES_MAX));
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    /** Strict UTF-8: the first malformed byte becomes a located error instead of a replacement character. */
    static String decode(String file, byte[] bytes) throws SceneFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            String before = out.flip().toString();
            int[] place = place(before, before.codePointCount(0, before.length()));
            throw new SceneFormatException(file, place[0], place[1], String.format(
                    "expected UTF-8 text, found the byte 0x%02X (a binary file or another encoding?)", bytes[offset]));
        }
        return out.flip().toString();
    }

    /**
     * 1-based line and column of the code point at {@code index}, counting line breaks the way the YAML 1.2 reader
     * does (CR LF, CR or LF; not NEL, LS or PS), so positions computed here agree with the reader's own marks.
     */
    public static int[] place(String text, int index) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < index; seen++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean crlf = c == '\r' && i < text.length() && text.charAt(i) == '\n';
            if (crlf) {
                column++;
            } else if (c == '\n' || c == '\r') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** Parses a whole document; an empty document or a YAML syntax error becomes a located error. */
    public static YamlNode parse(String file, String text) throws SceneFormatException {
        if (text.length() > SceneLimits.FILE_BYTES_MAX) {
            throw tooLarge(file, text.getBytes(StandardCharsets.UTF_8).length);
        }
        // One buffer for the whole text: snakeyaml-engine 2.9's StreamReader fails with an
        // IndexOutOfBoundsException when a surrogate pair straddles its default 1,024-char buffer.
        LoadSettings settings = LoadSettings.builder().setLabel(file).setBufferSize(text.length() + 1)
                .setCodePointLimit(SceneLimits.FILE_BYTES_MAX + 1).setMaxAliasesForCollections(0).build();
        try {
            Parser parser = new CheckedParser(file, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> root = new Composer(settings, parser).getSingleNode();
            if (root.isEmpty()) {
                throw new SceneFormatException(file, 1, 1, "expected a scene, found an empty file");
            }
            return new YamlNode(file, root.get());
        } catch (CheckedParser.Rejected e) {
            throw e.error;
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String problem = "invalid YAML: " + (e.getProblem() == null ? e.getContext() : e.getProblem());
            if (mark == null) {
                throw new SceneFormatException(file, 1, 1, problem);
            }
            throw new SceneFormatException(file, mark.getLine() + 1, mark.getColumn() + 1, problem);
        } catch (ReaderException e) {
            int[] place = place(text, e.getPosition());
            throw new SceneFormatException(file, place[0], place[1], String.format(
                    "invalid YAML: the character U+%04X is not allowed in a YAML file", e.getCodePoint()));
        } catch (YamlEngineException e) {
            throw new SceneFormatException(file, 1, 1, "invalid YAML: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // Not expected: the depth check and the single buffer avoid the failures seen so far. A user still
            // gets a message instead of a crash; the fuzz campaign counts these as internal errors.
            throw new SceneFormatException(file, 1, 1, INTERNAL + e.getClass().getSimpleName());
        }
    }

    /** Problem text of a YAML reader failure that is a bug of the reader, not of the file. */
    public static final String INTERNAL = "internal error of the YAML reader: ";

    /**
     * Passes the parser's events to the composer, rejecting what scenes never need before the composer sees it:
     * nesting deeper than {@link SceneLimits#DEPTH_MAX} (the composer recurses once per level, so a line of 10,000
     * {@code [} would overflow the stack) and aliases (a scene says each thing once; an alias would also place every
     * error at its anchor instead of where it is used).
     */
    private static final class CheckedParser implements Parser {

        /** Carries a located error through the composer, which only lets unchecked exceptions pass. */
        static final class Rejected extends RuntimeException {
            final SceneFormatException error;

            Rejected(SceneFormatException error) {
                super(error.getMessage(), null, false, false);
                this.error = error;
            }
        }

        private final String file;
        private final Parser parser;
        private int depth;

        CheckedParser(String file, Parser parser) {
            this.file = file;
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return parser.hasNext();
        }

        @Override
        public Event next() {
            Event event = parser.next();
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > SceneLimits.DEPTH_MAX) {
                        throw reject(event, "lists and mappings nested more than " + SceneLimits.DEPTH_MAX
                                + " levels deep; scenes need at most 3");
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                case Alias -> throw reject(event, "YAML aliases (*name) are not supported in scene files; "
                        + "write the value out");
                default -> {
                }
            }
            return event;
        }

        private Rejected reject(Event event, String problem) {
            Mark mark = event.getStartMark().orElse(null);
            return new Rejected(mark == null ? new SceneFormatException(file, 1, 1, problem)
                    : new SceneFormatException(file, mark.getLine() + 1, mark.getColumn() + 1, problem));
        }
    }

    public String file() {
        return file;
    }

    /** 1-based line where this node starts. */
    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    /** 1-based column where this node starts. */
    public int column() {
        return node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    }

    /** An error located at this node. */
    public SceneFormatException error(String problem) {
        return new SceneFormatException(file, line(), column(), problem);
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public boolean isSequence() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /**
     * The entries of a mapping, in file order, with keys checked against {@code allowedKeys}.
     *
     * @param what how to call this mapping in errors, e.g. "account"
     */
    public Map<String, YamlNode> mapping(String what, Set<String> allowedKeys) throws SceneFormatException {
        if (!(node instanceof MappingNode)) {
            throw error("expected " + what + " as a mapping of key: value");
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            YamlNode key = new YamlNode(file, tuple.getKeyNode());
            if (!key.isScalar()) {
                throw key.error("expected a plain key in " + what);
            }
            String name = key.scalarText();
            if (!allowedKeys.contains(name)) {
                throw key.error("unknown key '" + shorten(name) + "' in " + what + "; expected one of " + String.join(", ", allowedKeys));
            }
            if (entries.containsKey(name)) {
                throw key.error("duplicate key '" + name + "' in " + what);
            }
            entries.put(name, new YamlNode(file, tuple.getValueNode()));
        }
        return entries;
    }

    /** The items of a sequence. */
    public List<YamlNode> sequence(String what) throws SceneFormatException {
        if (!(node instanceof SequenceNode)) {
            throw error("expected " + what + " as a list");
        }
        List<YamlNode> items = new ArrayList<>();
        for (Node item : ((SequenceNode) node).getValue()) {
            items.add(new YamlNode(file, item));
        }
        return Collections.unmodifiableList(items);
    }

    /** The items of a sequence of at most {@code max} items; the first item past the limit is the error's place. */
    public List<YamlNode> sequence(String what, int max) throws SceneFormatException {
        List<YamlNode> items = sequence(what);
        if (items.size() > max) {
            throw items.get(max).error("at most " + max + " items are allowed in " + what + "; this is item "
                    + (max + 1));
        }
        return items;
    }

    /** The text of a scalar; an error for mappings and lists. */
    public String text(String what) throws SceneFormatException {
        if (!(node instanceof ScalarNode)) {
            throw error("expected " + what + " as a single value");
        }
        return scalarText();
    }

    /** A whole number (no fraction, no exponent), as for amounts and balances. */
    public long integer(String what) throws SceneFormatException {
        String text = text(what).trim().replace("_", "");
        if (text.length() > 40) {
            throw error("expected " + what + " as a whole number, found " + text.length() + " characters");
        }
        try {
            BigInteger value = new BigInteger(text);
            if (value.bitLength() > 62) {
                throw error("expected " + what + " as a whole number of reasonable size, found '" + text + "'");
            }
            return value.longValue();
        } catch (NumberFormatException e) {
            throw error("expected " + what + " as a whole number, found '" + shorten(text) + "'");
        }
    }

    /** A whole number in {@code [min, max]}; out of range is an error located here that states the range. */
    public long integer(String what, long min, long max) throws SceneFormatException {
        long value = integer(what);
        if (value < min || value > max) {
            throw error("expected " + what + " between " + number(min) + " and " + number(max) + ", found "
                    + number(value));
        }
        return value;
    }

    /** A scalar of at most {@code maxLength} characters. */
    public String text(String what, int maxLength) throws SceneFormatException {
        String text = text(what);
        if (text.length() > maxLength) {
            throw error("expected " + what + " of at most " + maxLength + " characters, found " + number(text.length()));
        }
        return text;
    }

    /** A number the way messages show it: digit groups for readability, e.g. 86,400,000. */
    public static String number(long value) {
        return String.format("%,d", value);
    }

    /** A found value quoted in a message, cut so a 100,000-character id does not become a 100,000-character line. */
    public static String shorten(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    /** true/false. */
    public boolean bool(String what) throws SceneFormatException {
        String text = text(what).trim();
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw error("expected " + what + " as true or false, found '" + text + "'");
    }

    private String scalarText() {
        return ((ScalarNode) node).getValue();
    }

    /** Returns the entry or a "missing field" error located at the mapping that should hold it. */
    public static YamlNode required(YamlNode owner, Map<String, YamlNode> entries, String key, String what)
            throws SceneFormatException {
        YamlNode value = entries.get(key);
        if (value == null) {
            throw owner.error("missing field '" + key + "' in " + what);
        }
        return value;
    }
}
