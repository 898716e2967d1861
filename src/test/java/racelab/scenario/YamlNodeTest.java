package racelab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits every scene file keeps, each rejection located where the offending text is. */
class YamlNodeTest {

    @TempDir
    Path dir;

    @Test
    void deepNestingIsRejectedAtTheLevelPastTheLimitInsteadOfOverflowingTheStack() {
        String text = "id: x\nnarration: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        assertThatThrownBy(() -> YamlNode.parse("deep.yaml", text))
                .isInstanceOf(SceneFormatException.class)
                .hasMessage("deep.yaml:2:" + (12 + SceneLimits.DEPTH_MAX - 1) + ": lists and mappings nested more than "
                        + SceneLimits.DEPTH_MAX + " levels deep; scenes need at most 3");
    }

    @Test
    void nestingUpToTheLimitIsRead() throws SceneFormatException {
        int depth = SceneLimits.DEPTH_MAX - 1;
        YamlNode root = YamlNode.parse("ok.yaml", "a: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
        assertThat(root.mapping("root", Set.of("a")).get("a").isSequence()).isTrue();
    }

    @Test
    void anAliasIsRejectedWhereItIsUsed() {
        String text = "a: &x [1, 2]\nb: *x\n";
        assertThatThrownBy(() -> YamlNode.parse("alias.yaml", text))
                .hasMessage("alias.yaml:2:4: YAML aliases (*name) are not supported in scene files; write the value out");
    }

    @Test
    void aSurrogatePairAcrossTheReadersBufferIsRead() throws SceneFormatException {
        // snakeyaml-engine 2.9 threw IndexOutOfBoundsException when a pair straddled its 1,024-char buffer.
        for (int at = 1000; at < 1050; at++) {
            String text = "a: " + "x".repeat(at - 3) + "😀" + "y\n";
            YamlNode root = YamlNode.parse("emoji.yaml", text);
            assertThat(root.mapping("root", Set.of("a")).get("a").text("a")).endsWith("😀y");
        }
    }

    @Test
    void aControlCharacterIsLocated() {
        assertThatThrownBy(() -> YamlNode.parse("c.yaml", "id: x\ntitle: ab\u0007c\n"))
                .hasMessage("c.yaml:2:10: invalid YAML: the character U+0007 is not allowed in a YAML file");
    }

    @Test
    void aByteThatIsNotUtf8IsLocated() throws Exception {
        Path file = dir.resolve("binary.yaml");
        byte[] head = "id: x\ntitle: ab".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xFF;
        bytes[head.length + 1] = '\n';
        Files.write(file, bytes);
        assertThatThrownBy(() -> YamlNode.readFile(file))
                .hasMessage(file + ":2:10: expected UTF-8 text, found the byte 0xFF (a binary file or another encoding?)");
    }

    @Test
    void aFileOverTheSizeLimitIsRejectedWithItsSize() throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.write(file, new byte[SceneLimits.FILE_BYTES_MAX + 1]);
        assertThatThrownBy(() -> YamlNode.readFile(file))
                .hasMessage(file + ":1:1: the file has 1,048,577 bytes; a scene file may have at most 1,048,576 bytes");
    }

    @Test
    void aMissingFileSaysSoWithoutAnExceptionName() {
        Path file = dir.resolve("none.yaml");
        assertThatThrownBy(() -> YamlNode.readFile(file)).hasMessage(file + ":1:1: cannot read the scene file: no such file");
    }

    @Test
    void rangesAndLengthsAreCheckedAtTheValue() throws SceneFormatException {
        YamlNode root = YamlNode.parse("r.yaml", "n: 1_000\ns: abcdef\n");
        YamlNode n = root.mapping("root", Set.of("n", "s")).get("n");
        YamlNode s = root.mapping("root", Set.of("n", "s")).get("s");
        assertThat(n.integer("n", 0, 1000)).isEqualTo(1000);
        assertThatThrownBy(() -> n.integer("n", 0, 999)).hasMessage("r.yaml:1:4: expected n between 0 and 999, found 1,000");
        assertThatThrownBy(() -> s.text("s", 5)).hasMessage("r.yaml:2:4: expected s of at most 5 characters, found 6");
    }

    @Test
    void messagesStayOnOneLine() {
        SceneFormatException e = new SceneFormatException("f.yaml", 3, 4, "found 'a\nb'" + "z".repeat(1000));
        assertThat(e.getMessage()).doesNotContain("\n").startsWith("f.yaml:3:4: found 'a?b'").endsWith("...");
        assertThat(e.problem()).hasSize(SceneFormatException.PROBLEM_LENGTH_MAX);
    }
}
