package racelab.walkthrough;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import racelab.compare.AtomicFiles;
import racelab.scenario.Account;
import racelab.scenario.GroupConstraint;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/**
 * Writes a ledger scene back to YAML in the documented format ({@code scenes/README.md}), so a schedule found on the
 * timeline can be saved as a trainer's own scene and named by a walkthrough. What it writes loads back as the same
 * scene (every field but the file name); every text is double-quoted with escapes, so no title or narration can
 * change the YAML's meaning.
 */
public final class LedgerSceneWriter {

    private LedgerSceneWriter() {
    }

    /** The scene as YAML text. */
    public static String yaml(LedgerScene scene) {
        StringBuilder y = new StringBuilder();
        y.append("id: ").append(quote(scene.id())).append('\n');
        y.append("kind: ledger\n");
        y.append("title: ").append(quote(scene.title())).append('\n');
        y.append("accounts:\n");
        for (Account account : scene.accounts()) {
            y.append("  - { id: ").append(quote(account.id())).append(", balance: ").append(account.balance())
                    .append(", constraint: ").append(account.constraint().yamlName())
                    .append(account.opened() ? ", opened-by: " + quote(account.openedBy()) : "").append(" }\n");
        }
        if (!scene.groups().isEmpty()) {
            y.append("groups:\n");
            for (GroupConstraint group : scene.groups()) {
                List<String> members = new ArrayList<>();
                group.accounts().forEach(a -> members.add(quote(a)));
                y.append("  - { id: ").append(quote(group.id())).append(", accounts: [")
                        .append(String.join(", ", members)).append("], constraint: ")
                        .append(group.constraint().yamlName()).append(" }\n");
            }
        }
        y.append("transfers:\n");
        for (Transfer transfer : scene.transfers()) {
            y.append("  - { id: ").append(quote(transfer.id())).append(", from: ").append(quote(transfer.from()))
                    .append(", to: ").append(quote(transfer.to())).append(", amount: ").append(transfer.amount());
            if (!transfer.instance().equals(Transfer.DEFAULT_INSTANCE)) {
                y.append(", instance: ").append(quote(transfer.instance()));
            }
            if (transfer.requestKey() != null) {
                y.append(", request: ").append(quote(transfer.requestKey()));
            }
            if (transfer.absoluteWrite()) {
                y.append(", write: absolute");
            }
            if (transfer.readFromReplica()) {
                y.append(", read-from: replica");
            }
            y.append(" }\n");
        }
        y.append("mitigation: ").append(scene.mitigation()).append('\n');
        y.append("idempotency-keys: ").append(scene.idempotencyKeys()).append('\n');
        List<String> steps = new ArrayList<>();
        scene.schedule().forEach(s -> steps.add(s.toString()));
        y.append("schedule: [").append(String.join(", ", steps)).append("]\n");
        y.append("narration: ").append(quote(scene.narration())).append('\n');
        if (!scene.notes().isEmpty()) {
            y.append("notes:\n");
            // In schedule order, as a trainer reads them.
            java.util.Set<StepRef> written = new java.util.HashSet<>();
            for (StepRef step : scene.schedule()) {
                String note = scene.notes().get(step);
                // replica.replicate may appear several times; its note is written once.
                if (note != null && written.add(step)) {
                    y.append("  ").append(step).append(": ").append(quote(note)).append('\n');
                }
            }
        }
        return y.toString();
    }

    /** Writes the scene atomically (a temp file renamed over the target). */
    public static void write(LedgerScene scene, Path target) throws IOException {
        AtomicFiles.writeString(target, yaml(scene));
    }

    /**
     * The scene on screen saved under a new id and title: its accounts and requests, the schedule and mitigation
     * being shown. Notes are kept for the steps the new schedule still has (all of them: a schedule always holds
     * every step of every lane).
     */
    public static LedgerScene derive(LedgerScene scene, String id, String title, String mitigation,
            List<StepRef> schedule, String narration) {
        Map<StepRef, String> notes = scene.notes();
        return new LedgerScene(id, title, scene.file(), scene.accounts(), scene.transfers(), mitigation, schedule,
                narration, notes, scene.groups(), scene.idempotencyKeys());
    }

    /** A kebab-case id from a file name or title: {@code My Race (v2).yaml} becomes {@code my-race-v2}. */
    public static String idFrom(String text) {
        String base = text.replaceFirst("\\.(yaml|yml)$", "").toLowerCase(Locale.ROOT);
        String id = base.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return id.isEmpty() ? "my-scene" : id;
    }

    /** A YAML double-quoted scalar: JSON-style escapes, which YAML 1.2 reads back exactly. */
    static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    q.append("\\\"");
                    break;
                case '\\':
                    q.append("\\\\");
                    break;
                case '\n':
                    q.append("\\n");
                    break;
                case '\r':
                    q.append("\\r");
                    break;
                case '\t':
                    q.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff
                            || Character.isSurrogate(c) && !validSurrogate(text, i)) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
            }
        }
        return q.append('"').toString();
    }

    private static boolean validSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
