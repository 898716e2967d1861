package racelab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.Transfer;

class WorkloadTest {

    private static List<Transfer> first(Workload workload, int worker, int n) {
        Workload.TransferStream stream = workload.streamFor(worker);
        List<Transfer> transfers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            transfers.add(stream.next());
        }
        return transfers;
    }

    @Test
    void sameSeedAndWorkerGiveTheSameRequestsOthersDiffer() {
        Workload workload = Workload.hotSet(1000, 10, 0.9, 7);
        assertThat(first(workload, 3, 200)).isEqualTo(first(Workload.hotSet(1000, 10, 0.9, 7), 3, 200));
        assertThat(first(workload, 3, 200)).isNotEqualTo(first(workload, 4, 200));
        assertThat(first(workload, 3, 200)).isNotEqualTo(first(Workload.hotSet(1000, 10, 0.9, 8), 3, 200));
    }

    @Test
    void transfersMoveBetweenTwoDifferentAccountsWithAmountsInRange() {
        for (Transfer transfer : first(Workload.hotSet(50, 2, 1.0, 1), 0, 2000)) {
            assertThat(transfer.from()).isNotEqualTo(transfer.to());
            assertThat(transfer.amount()).isBetween(1L, 100L);
        }
    }

    @Test
    void hotSetTakesItsShareOfPicks() {
        HotSetPicker picker = new HotSetPicker(1000, 10, 0.9);
        SplittableRandom random = new SplittableRandom(1);
        int hot = 0;
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            if (picker.pick(random) < 10) {
                hot++;
            }
        }
        assertThat(hot / (double) draws).isBetween(0.88, 0.92);
    }

    @Test
    void zipfFavoursTheFirstAccountsAndZeroIsUniform() {
        ZipfPicker skewed = new ZipfPicker(1000, 1.2);
        assertThat(skewed.shareOfTop(10)).isGreaterThan(0.5);
        assertThat(new ZipfPicker(1000, 0).shareOfTop(10)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
        SplittableRandom random = new SplittableRandom(3);
        int top = 0;
        for (int i = 0; i < 50_000; i++) {
            if (skewed.pick(random) < 10) {
                top++;
            }
        }
        assertThat(top / 50_000.0).isCloseTo(skewed.shareOfTop(10), org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void loansAreSpreadEvenlyAndOpenBelowZero() {
        List<Account> accounts = Workload.hotSet(100, 10, 0.9, 1).accounts();
        List<Account> loans = accounts.stream().filter(a -> a.constraint() == Constraint.NON_POSITIVE).toList();
        assertThat(loans).hasSize(10);
        assertThat(loans).allMatch(a -> a.balance() == -100);
        assertThat(accounts.get(9).constraint()).isEqualTo(Constraint.NON_POSITIVE);
        assertThat(accounts.get(0).constraint()).isEqualTo(Constraint.NON_NEGATIVE);
    }

    @Test
    void impossibleSkewIsRefused() {
        assertThatThrownBy(() -> Workload.hotSet(100, 1, 1.0, 1)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Workload.hotSet(1, 1, 0.5, 1)).hasMessageContaining("at least 2 accounts");
        assertThatThrownBy(() -> Workload.hotSet(100, 200, 0.5, 1)).hasMessageContaining("hot accounts");
    }
}
