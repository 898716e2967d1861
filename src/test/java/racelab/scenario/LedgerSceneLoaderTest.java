package racelab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LedgerSceneLoaderTest {

    private static final String VALID = String.join("\n",
            "id: demo",
            "kind: ledger",
            "title: Demo",
            "accounts:",
            "  - { id: alice, balance: 100, constraint: non-negative }",
            "  - { id: bob, balance: 0 }",
            "transfers:",
            "  - { id: T1, from: alice, to: bob, amount: 80 }",
            "  - { id: T2, from: alice, to: bob, amount: 80 }",
            "mitigation: naive",
            "schedule: [T1.begin, T1.check, T2.begin, T2.check, T1.apply, T1.commit, T2.apply, T2.commit]",
            "narration: Demo.",
            "");

    @Test
    void parsesTheDocumentedFormat() throws Exception {
        LedgerScene scene = LedgerSceneLoader.parse("demo.yaml", VALID + "notes:\n  T2.check: same read\n");

        assertThat(scene.id()).isEqualTo("demo");
        assertThat(scene.accounts()).containsExactly(new Account("alice", 100, Constraint.NON_NEGATIVE),
                new Account("bob", 0, Constraint.NONE));
        assertThat(scene.transfers()).containsExactly(new Transfer("T1", "alice", "bob", 80),
                new Transfer("T2", "alice", "bob", 80));
        assertThat(scene.schedule()).hasSize(8).startsWith(new StepRef("T1", "begin"));
        assertThat(scene.notes()).containsEntry(new StepRef("T2", "check"), "same read");
        assertThat(scene.idempotencyKeys()).isFalse();
        assertThat(scene.usesReplica()).isFalse();
    }

    @Test
    void readsTheOptionalTransferFieldsAndGroups() throws Exception {
        String text = VALID
                .replace("amount: 80 }\n  - { id: T2", "amount: 80, instance: app-2, request: r-1, write: absolute }\n  - { id: T2")
                .replace("amount: 80 }\nmitigation", "amount: 80, read-from: replica }\nmitigation")
                .replace("transfers:", "groups:\n  - { id: pair, accounts: [alice, bob], constraint: non-negative }\ntransfers:")
                + "idempotency-keys: true\n";
        LedgerScene scene = LedgerSceneLoader.parse("demo.yaml", text);

        assertThat(scene.transfers().get(0)).isEqualTo(new Transfer("T1", "alice", "bob", 80, "app-2", "r-1", true, false));
        assertThat(scene.transfers().get(1).readFromReplica()).isTrue();
        assertThat(scene.groups()).containsExactly(new GroupConstraint("pair", List.of("alice", "bob"),
                Constraint.NON_NEGATIVE));
        assertThat(scene.idempotencyKeys()).isTrue();
        assertThat(scene.usesReplica()).isTrue();
    }

    @Test
    void everyShippedSceneLoadsAndIsNamedAfterItsId() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            // scenes/ also holds the log simulator's scenes (kind: log); this loader reads the ledger ones.
            List<Path> scenes = files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(LedgerSceneLoaderTest::isLedgerScene).toList();
            assertThat(scenes).hasSizeGreaterThanOrEqualTo(8);
            for (Path file : scenes) {
                LedgerScene scene = LedgerSceneLoader.load(file);
                assertThat(file.getFileName().toString()).isEqualTo(scene.id() + ".yaml");
                assertThat(scene.narration()).hasSizeGreaterThan(200);
                assertThat(scene.notes()).isNotEmpty();
            }
        }
    }

    @Test
    void unknownKey() {
        assertError(VALID + "colour: red\n", 13, 1, "unknown key 'colour' in a ledger scene");
    }

    @Test
    void unknownKeyInATransfer() {
        String text = VALID.replace("amount: 80 }\nmitigation", "amount: 80, priority: 1 }\nmitigation");
        assertError(text, 9, col(text, 9, "priority"), "unknown key 'priority' in a transfer");
    }

    @Test
    void missingField() {
        assertError(VALID.replace("title: Demo\n", ""), 1, 1, "missing field 'title' in the scene");
    }

    @Test
    void missingFieldOfATransfer() {
        String text = VALID.replace("to: bob, amount: 80 }\nmitigation", "to: bob }\nmitigation");
        assertError(text, 9, col(text, 9, "{"), "missing field 'amount' in transfer T2");
    }

    @Test
    void unknownAccount() {
        String text = VALID.replace("to: bob, amount: 80 }\n  - { id: T2", "to: carol, amount: 80 }\n  - { id: T2");
        assertError(text, 8, col(text, 8, "carol"), "unknown account 'carol'; expected one of alice, bob");
    }

    @Test
    void unknownMitigation() {
        assertError(VALID.replace("mitigation: naive", "mitigation: magic"), 10, 13, "unknown mitigation 'magic'");
    }

    @Test
    void duplicateAccountId() {
        String text = VALID.replace("id: bob, balance: 0", "id: alice, balance: 0");
        assertError(text, 6, col(text, 6, "alice"), "duplicate account id 'alice'");
    }

    @Test
    void duplicateTransferId() {
        String text = VALID.replace("id: T2", "id: T1");
        assertError(text, 9, col(text, 9, "T1"), "duplicate transfer id 'T1'");
    }

    @Test
    void nonIntegerAmount() {
        String text = VALID.replace("amount: 80 }\nmitigation", "amount: 80.5 }\nmitigation");
        assertError(text, 9, col(text, 9, "80.5"), "expected the amount as a whole number, found '80.5'");
    }

    @Test
    void scheduleMustKeepALanesOrder() {
        String text = VALID.replace("[T1.begin, T1.check,", "[T1.check, T1.begin,");
        assertError(text, 11, col(text, 11, "T1.check"), "step T1.check comes before T1.begin");
    }

    @Test
    void scheduleMustNotMissAStep() {
        String text = VALID.replace(", T2.commit]", "]");
        assertError(text, 11, 11, "schedule is missing step T2.commit");
    }

    @Test
    void scheduleMustNotRepeatAStep() {
        String text = VALID.replace("T2.commit]", "T2.commit, T1.commit]");
        assertError(text, 11, col(text, 11, "T1.commit]"), "step T1.commit is repeated or out of T1's order");
    }

    @Test
    void scheduleNamesOnlyKnownLanesAndPhases() {
        String lane = VALID.replace("T2.commit]", "T2.commit, T3.begin]");
        assertError(lane, 11, col(lane, 11, "T3.begin"), "unknown lane 'T3' in step T3.begin");
        String phase = VALID.replace("[T1.begin,", "[T1.validate,");
        assertError(phase, 11, 12, "unknown phase 'validate' in step T1.validate");
        String replica = VALID.replace("T2.commit]", "T2.commit, replica.flush]");
        assertError(replica, 11, col(replica, 11, "replica.flush"), "unknown phase 'flush' for the replica");
    }

    @Test
    void notesNameStepsOfTheSchedule() {
        assertError(VALID + "notes:\n  T2.verify: x\n", 14, 3, "unknown key 'T2.verify' in notes");
    }

    @Test
    void openingBalanceMustKeepItsRule() {
        String text = VALID.replace("balance: 100, constraint: non-negative", "balance: -5, constraint: non-negative");
        assertError(text, 5, col(text, 5, "-5"), "opening balance that keeps account alice non-negative, found -5");
    }

    @Test
    void kindMustBeLedgerAndIdKebabCase() {
        assertError(VALID.replace("kind: ledger", "kind: log"), 2, 7, "expected kind: ledger");
        assertError(VALID.replace("id: demo", "id: Demo_Scene"), 1, 5, "kebab-case");
    }

    @Test
    void yamlSyntaxErrorsAreLocated() {
        assertThatThrownBy(() -> LedgerSceneLoader.parse("x.yaml", "id: demo\naccounts: [a, b\n"))
                .isInstanceOf(SceneFormatException.class)
                .hasMessageStartingWith("x.yaml:")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void theBrokenSampleFileReportsItsOwnDocumentedError() throws Exception {
        Path file = Path.of("sample-data", "broken-scene.yaml");
        String documented = Files.readAllLines(file).get(1).substring(1).trim();
        assertThatThrownBy(() -> LedgerSceneLoader.load(file)).hasMessage(documented);
    }

    @Test
    void missingFileIsAnError() {
        assertThatThrownBy(() -> LedgerSceneLoader.load(Path.of("scenes", "no-such.yaml")))
                .isInstanceOf(SceneFormatException.class).hasMessageContaining("cannot read the scene file");
    }

    @Test
    void anIdLongerThanTheDatabaseColumnIsRejectedAtTheId() {
        String longId = "a".repeat(SceneLimits.ID_LENGTH_MAX + 1);
        String text = VALID.replace("id: bob", "id: " + longId).replace("to: bob", "to: " + longId);
        assertError(text, 6, col(text, 6, longId), "expected the account id of at most 64 characters, found 65");
    }

    @Test
    void balancesAndAmountsStayWhereNoSumCanOverflow() {
        String big = VALID.replace("balance: 0 }", "balance: 2000000000000000 }");
        assertError(big, 6, col(big, 6, "2000"),
                "expected the balance between -1,000,000,000,000,000 and 1,000,000,000,000,000");
        String text = VALID.replace("amount: 80 }\nmitigation", "amount: 4611686018427387903 }\nmitigation");
        assertError(text, 9, col(text, 9, "4611"), "expected an amount of at most 1,000,000,000,000,000");
    }

    @Test
    void moreTransfersThanTheLimitAreRejectedAtTheFirstOneTooMany() {
        StringBuilder transfers = new StringBuilder("transfers:\n");
        for (int t = 1; t <= LedgerSceneLoader.TRANSFERS_MAX + 1; t++) {
            transfers.append("  - { id: T").append(t).append(", from: alice, to: bob, amount: 1 }\n");
        }
        String text = VALID.replaceAll("(?s)transfers:.*amount: 80 }\n(?=mitigation)", transfers.toString());
        assertError(text, 8 + LedgerSceneLoader.TRANSFERS_MAX, 5, "at most 8 items are allowed in transfers; this is item 9");
    }

    private static final String OPENING = String.join("\n",
            "id: demo",
            "kind: ledger",
            "title: Demo",
            "accounts:",
            "  - { id: a, balance: 50 }",
            "  - { id: b, balance: 50 }",
            "  - { id: card, balance: 0, opened-by: T1 }",
            "  - { id: shop, balance: 0 }",
            "groups:",
            "  - { id: house, accounts: [a, b, card], constraint: non-negative }",
            "transfers:",
            "  - { id: T1, from: card, to: shop, amount: 80 }",
            "  - { id: T2, from: b, to: shop, amount: 80 }",
            "mitigation: for-update",
            "schedule: [T1.begin, T2.begin, T1.check, T2.check, T1.apply, T1.commit, T2.apply, T2.commit]",
            "narration: Demo.",
            "");

    @Test
    void anAccountATransferOpensMakesItsGroupOpen() throws Exception {
        LedgerScene scene = LedgerSceneLoader.parse("demo.yaml", OPENING);
        assertThat(scene.openedAccounts()).extracting(Account::id).containsExactly("card");
        assertThat(scene.accountOpenedBy("T1")).map(Account::id).contains("card");
        assertThat(scene.accountOpenedBy("T2")).isEmpty();
        assertThat(scene.isOpen(scene.groups().get(0))).isTrue();
        assertThat(scene.openGroupOf("a")).map(GroupConstraint::id).contains("house");
        assertThat(scene.openGroupOf("shop")).isEmpty();
        assertThat(LedgerSceneLoader.parse("demo.yaml", VALID).openedAccounts()).isEmpty();
    }

    @Test
    void anOpenedAccountNamesAKnownTransferAndStartsEmpty() {
        String unknown = OPENING.replace("opened-by: T1", "opened-by: T9");
        assertError(unknown, 7, col(unknown, 7, "T9"), "unknown transfer 'T9' in opened-by; expected one of T1, T2");
        String funded = OPENING.replace("balance: 0, opened-by", "balance: 5, opened-by");
        assertError(funded, 7, col(funded, 7, "5"), "expected balance: 0 for account card, which a transfer opens");
    }

    @Test
    void onlyTheOpeningTransferUsesTheNewAccount() {
        String unused = OPENING.replace("{ id: T1, from: card,", "{ id: T1, from: a,");
        assertError(unused, 7, col(unused, 7, "T1"), "expected transfer T1 to move money from or to card");
        String foreign = OPENING.replace("{ id: T2, from: b, to: shop", "{ id: T2, from: b, to: card");
        assertError(foreign, 7, col(foreign, 7, "T1"), "transfer T2 uses it too");
    }

    @Test
    void aSceneThatOpensAnAccountHasNoReplicaAndNoMemberInTwoOpenGroups() {
        String replica = OPENING.replace("to: shop, amount: 80 }\n  - { id: T2", "to: shop, amount: 80, read-from: replica }"
                + "\n  - { id: T2");
        assertError(replica, 7, col(replica, 7, "T1"), "expected no read replica");
        String twice = OPENING.replace("constraint: non-negative }\n", "constraint: non-negative }\n"
                + "  - { id: other, accounts: [card, shop], constraint: non-negative }\n");
        assertError(twice, 11, col(twice, 11, "card"), "account 'card' is already in group house");
    }

    private static void assertError(String text, int line, int column, String problem) {
        assertThatThrownBy(() -> LedgerSceneLoader.parse("demo.yaml", text))
                .isInstanceOf(SceneFormatException.class)
                .hasMessageStartingWith("demo.yaml:" + line + ":" + column + ": ")
                .hasMessageContaining(problem);
    }

    /** 1-based column of the first occurrence of {@code token} on a 1-based line. */
    private static int col(String text, int line, String token) {
        String lineText = text.split("\n")[line - 1];
        int index = lineText.indexOf(token);
        assertThat(index).as("token %s on line %d", token, line).isNotNegative();
        return index + 1;
    }

    private static boolean isLedgerScene(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(line -> line.trim().equals("kind: ledger"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
