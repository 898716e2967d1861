package racelab.scenario;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML node that remembers where it came from, so every loader can report {@code file:line:column} errors.
 *
 * <p>Ledger and log scene loaders share this class so their error messages read the same way. Only the YAML
 * subset scenes use is supported: mappings with string keys, sequences and scalars.
 */
public final class YamlNode {

    private final String file;
    private final Node node;

    private YamlNode(String file, Node node) {
        this.file = file;
        this.node = node;
    }

    /** Parses a whole document; an empty document or a YAML syntax error becomes a located error. */
    public static YamlNode parse(String file, String text) throws SceneFormatException {
        return parse(file, new StringReader(text));
    }

    /** Parses a whole document from a reader. */
    public static YamlNode parse(String file, Reader reader) throws SceneFormatException {
        LoadSettings settings = LoadSettings.builder().setLabel(file).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, readAll(reader))));
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty()) {
                throw new SceneFormatException(file, 1, 1, "expected a scene, found an empty file");
            }
            return new YamlNode(file, root.get());
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String problem = "invalid YAML: " + (e.getProblem() == null ? e.getContext() : e.getProblem());
            if (mark == null) {
                throw new SceneFormatException(file, 1, 1, problem);
            }
            throw new SceneFormatException(file, mark.getLine() + 1, mark.getColumn() + 1, problem);
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw new SceneFormatException(file, 1, 1, "invalid YAML: " + e.getMessage());
        }
    }

    private static String readAll(Reader reader) throws SceneFormatException {
        try {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (IOException e) {
            throw new SceneFormatException("<input>", 1, 1, "cannot read: " + e.getMessage());
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
                throw key.error("unknown key '" + name + "' in " + what + "; expected one of " + String.join(", ", allowedKeys));
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
        try {
            BigInteger value = new BigInteger(text);
            if (value.bitLength() > 62) {
                throw error("expected " + what + " as a whole number of reasonable size, found '" + text + "'");
            }
            return value.longValue();
        } catch (NumberFormatException e) {
            throw error("expected " + what + " as a whole number, found '" + text + "'");
        }
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
