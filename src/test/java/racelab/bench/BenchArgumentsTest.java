package racelab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.cli.UsageException;

class BenchArgumentsTest {

    private static final List<String> KNOWN = List.of("naive", "for-update");

    @Test
    void defaultsAreTheIssueExample() throws UsageException {
        BenchSettings settings = BenchArguments.parse(new String[0], KNOWN).settings();
        assertThat(settings.workerCounts()).containsExactly(1, 2, 4, 8);
        assertThat(settings.mitigations()).isEqualTo(KNOWN);
        assertThat(settings.workload().accountCount()).isEqualTo(1000);
        assertThat(settings.workload().hotFraction()).isEqualTo(0.9);
        assertThat(settings.timed()).isTrue();
        assertThat(settings.repetitions()).isEqualTo(3);
    }

    @Test
    void flagsAreRead() throws UsageException {
        BenchArguments arguments = BenchArguments.parse(new String[] {"--workers", "2,6", "--accounts", "50",
            "--hot", "0.5", "--hot-accounts", "5", "--mitigations", "for-update", "--transfers", "1000",
            "--reps", "5", "--seed", "9", "--json", "--csv", "x.csv"}, KNOWN);
        BenchSettings settings = arguments.settings();
        assertThat(settings.workerCounts()).containsExactly(2, 6);
        assertThat(settings.mitigations()).containsExactly("for-update");
        assertThat(settings.timed()).isFalse();
        assertThat(settings.transfersPerRun()).isEqualTo(1000);
        assertThat(settings.warmupTransfers()).isEqualTo(100);
        assertThat(settings.workload().seed()).isEqualTo(9);
        assertThat(arguments.json()).isTrue();
        assertThat(arguments.csvFile()).isEqualTo("x.csv");
    }

    @Test
    void mistakesGiveClearMessages() {
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--workers", "1,x"}, KNOWN))
                .isInstanceOf(UsageException.class).hasMessageContaining("--workers expects a whole number, got 'x'");
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--mitigations", "nope"}, KNOWN))
                .hasMessageContaining("unknown mitigation 'nope'");
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--hot", "90"}, KNOWN))
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--seconds", "1", "--transfers", "5"}, KNOWN))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--reps"}, KNOWN))
                .hasMessageContaining("missing value after --reps");
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--frobnicate", "1"}, KNOWN))
                .hasMessageContaining("unknown flag --frobnicate");
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--workers", "0"}, KNOWN))
                .hasMessageContaining("at least 1");
    }
}
