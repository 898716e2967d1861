package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import racelab.postgres.EmbeddedPostgresServer;
import racelab.postgres.SharedPostgres;

/** The ledger commands on PostgreSQL: {@code --backend postgres}, {@code --jdbc-url}, {@code compare --backends}. */
class PostgresCommandsTest {

    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeEach
    void serverRuns() {
        SharedPostgres.backend();
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runOnPostgresNamesTheDatabaseItsVersionAndTheSessionSettings() throws Exception {
        assertThat(run("run", "write-skew", "--backend", "postgres", "--mitigation", "serializable", "--json"))
                .as(stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("database").get("backend").asText()).isEqualTo("postgres");
        assertThat(json.get("database").get("server").asText()).startsWith("PostgreSQL 17.");
        assertThat(json.get("database").get("sessionSettings").toString()).contains("deadlock_timeout");
        assertThat(json.get("verdict").asText()).isEqualTo("safe");

        assertThat(run("run", "write-skew", "--mitigation", "serializable")).isZero();
        assertThat(stdout()).contains("database    H2 2.").contains("verdict     violated on H2");
    }

    @Test
    void aServerByUrlIsUsedAndABadOneIsOneLineAndExitTwo() throws Exception {
        String url = EmbeddedPostgresServer.shared().jdbcUrl();
        assertThat(run("run", "double-spend", "--jdbc-url", url, "--json")).as(stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("database").get("server").asText()).startsWith("PostgreSQL 17.")
                .contains(" at jdbc:postgresql://").doesNotContain("user=");

        assertThat(run("run", "double-spend", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/ledger", "--user",
                "lab")).isEqualTo(2);
        assertThat(stderr().strip()).startsWith("ledger-lab run: cannot use PostgreSQL at "
                + "jdbc:postgresql://127.0.0.1:1/ledger: ").doesNotContain("\n").doesNotContain("at org.");
        assertThat(stdout()).isEmpty();

        assertThat(run("run", "double-spend", "--jdbc-url", url, "--password-env", "RACELAB_NO_SUCH_VARIABLE"))
                .isEqualTo(2);
        assertThat(stderr()).contains("environment variable RACELAB_NO_SUCH_VARIABLE is not set");
        assertThat(run("run", "double-spend", "--backend", "h2", "--jdbc-url", url)).isEqualTo(2);
        assertThat(stderr()).contains("--jdbc-url needs --backend postgres");
        assertThat(run("run", "double-spend", "--backend", "mysql")).isEqualTo(2);
    }

    @Test
    void advisoryLockIsRefusedOnH2WithTheReasonAndRunsOnPostgres() throws Exception {
        assertThat(run("run", "app-lock-two-instances", "--mitigation", "advisory-lock")).isEqualTo(2);
        assertThat(stderr()).contains("advisory-lock is unavailable on H2: H2 has no advisory locks");
        assertThat(run("run", "app-lock-two-instances", "--mitigation", "advisory-lock", "--backend", "postgres"))
                .as(stderr()).isZero();
        assertThat(stdout()).contains("pg_advisory_xact_lock").contains("verdict     safe on PostgreSQL 17.");
        assertThat(run("explore-all", "double-spend")).isZero();
        assertThat(stdout()).contains("advisory-lock is not in this matrix: unavailable on H2");
    }

    @Test
    void compareBackendsPutsOneMitigationOnBothDatabasesAndExplainsTheDifference() throws Exception {
        assertThat(run("compare", "write-skew", "--backends", "h2,postgres", "--mitigation", "serializable",
                "--json")).as(stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("results")).hasSize(2);
        assertThat(json.get("results").get(0).get("database").get("backend").asText()).isEqualTo("h2");
        assertThat(json.get("results").get(0).get("verdict").asText()).isEqualTo("violated");
        assertThat(json.get("results").get(1).get("database").get("backend").asText()).isEqualTo("postgres");
        assertThat(json.get("results").get(1).get("verdict").asText()).isEqualTo("safe");
        assertThat(json.get("differences").get(0).asText()).startsWith("SERIALIZABLE differs").contains("SSI");

        assertThat(run("compare", "opposite-transfers-deadlock", "--backends", "h2,postgres", "--mitigation",
                "for-update-unordered")).as(stderr()).isZero();
        assertThat(stdout()).contains("Deadlock detection differs").contains("40P01").contains("SQLState 40001");

        assertThat(run("compare", "double-spend", "--backends", "h2,postgres", "--mitigation", "naive"))
                .isZero();
        assertThat(stdout()).contains("Same outcome on both databases");
        assertThat(run("compare", "double-spend", "--backends", "h2", "--mitigation", "naive")).isEqualTo(2);
        assertThat(run("compare", "double-spend", "--backends", "h2,postgres", "--png", "x.png")).isEqualTo(2);
    }

    @Test
    void exploreOnPostgresFindsSerializableSoundForWriteSkew() throws Exception {
        assertThat(run("explore", "write-skew", "--mitigation", "serializable", "--backend", "postgres", "--json"))
                .as(stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("database").get("server").asText()).startsWith("PostgreSQL 17.");
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(json.get("outcomes").path("violated").asLong()).isZero();
        assertThat(json.get("minimal").isNull()).isTrue();
    }

    @Test
    void benchAndBenchReplayRunOnPostgresAndSaySo() throws Exception {
        assertThat(run("bench", "--backend", "postgres", "--mitigations", "advisory-lock", "--workers", "2",
                "--transfers", "40", "--reps", "1", "--jvm-warmup", "0", "--json")).as(stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("database").asText()).startsWith("PostgreSQL 17.");
        assertThat(json.get("cells")).hasSize(1);
        JsonNode run = json.get("cells").get(0).get("runs").get(0);
        assertThat(run.get("violations").asLong()).isZero();
        assertThat(run.get("moneyAfter").asLong()).isEqualTo(run.get("moneyBefore").asLong());
        assertThat(run("bench-replay", "double-spend", "--backend", "postgres", "--runs", "20")).as(stderr()).isZero();
        assertThat(stdout()).contains("database       PostgreSQL 17.");
    }
}
