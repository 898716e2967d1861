package racelab.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import racelab.scenario.SceneFormatException;
import racelab.scenario.YamlNode;

/**
 * Judges whether a rejection is located, independently of the loader that made it: the position must lie inside the
 * file, and when the message quotes the offending value ({@code found '80.5'}, {@code unknown account 'carol'}) the
 * value must stand at that position. This is what catches an error reported at {@code :1:1} for a value deep in the
 * file, or at the mapping that holds the offending entry instead of the entry itself.
 */
public final class LocationCheck {

    private static final Pattern QUOTED = Pattern.compile("(?:\\bfound|unknown (?:key|account|mitigation|constraint|"
            + "machine|target|fault kind|power domain)|duplicate (?:key|account id|transfer id|id)) '([^']*)'");

    private LocationCheck() {
    }

    /** Null when the rejection is located, else why not. */
    public static String problem(String text, SceneFormatException e) {
        if (e.problem().startsWith(YamlNode.INTERNAL)) {
            return "internal error, not a finding about the file";
        }
        List<String> lines = lines(text);
        int line = e.line();
        int column = e.column();
        if (line < 1 || line > lines.size() || column < 1 || column > lines.get(line - 1).codePointCount(0,
                lines.get(line - 1).length()) + 1) {
            return "position " + line + ":" + column + " is outside the file (" + lines.size() + " lines)";
        }
        Matcher quoted = QUOTED.matcher(e.problem());
        if (quoted.find() && !e.problem().startsWith("invalid YAML")) {
            String value = comparable(quoted.group(1));
            if (!value.isEmpty() && !standsAt(lines, line, column, value)) {
                return "the message quotes '" + quoted.group(1) + "' but " + line + ":" + column + " holds '"
                        + YamlNode.shorten(tail(lines.get(line - 1), column)) + "'";
            }
        }
        return null;
    }

    /** The value at the position, or (for a block scalar or a flow item) later on that line or on the next. */
    private static boolean standsAt(List<String> lines, int line, int column, String value) {
        String next = line < lines.size() ? lines.get(line).strip() : "";
        // A plain scalar folded over two lines reads as "first second"; a block scalar starts on the next line.
        return unify(tail(lines.get(line - 1), column) + " " + next).contains(value);
    }

    /** The part of a quoted value that can be compared with the file: no shortening marks, no underscores. */
    private static String comparable(String value) {
        String text = value.endsWith("...") ? value.substring(0, value.length() - 3) : value;
        int unprintable = text.indexOf('?');
        if (unprintable >= 0) {
            text = text.substring(0, unprintable);
        }
        text = unify(text).strip();
        return text.length() > 12 ? text.substring(0, 12) : text;
    }

    /** Underscores go (numbers are read without them); runs of white space read as one space, as YAML folds them. */
    private static String unify(String text) {
        return text.replace("_", "").replaceAll("\\s+", " ");
    }

    private static String tail(String line, int column) {
        int offset = line.offsetByCodePoints(0, Math.min(column - 1, line.codePointCount(0, line.length())));
        return line.substring(offset);
    }

    /** Lines split at the breaks the YAML 1.2 reader counts (CR LF, CR, LF), like {@link YamlNode#place}. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                lines.add(text.substring(start, i));
                start = ++i + 1;
            } else if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }
}
