package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockTableTest {

    @Test
    void aWaiterIsVisibleWithItsHolderAndGetsTheLockHandedOver() throws Exception {
        LockTable table = new LockTable("test");
        table.acquire("T1", "alice");
        CompletableFuture<Void> t2 = CompletableFuture.runAsync(() -> table.acquire("T2", "alice"));
        while (table.holderBlocking("T2") == null) {
            Thread.onSpinWait();
        }
        assertThat(table.holderBlocking("T2")).isEqualTo("T1");
        assertThat(table.keyAwaitedBy("T2")).isEqualTo("alice");

        table.releaseAll("T1");

        t2.get(5, TimeUnit.SECONDS);
        assertThat(table.holderBlocking("T2")).isNull();
        table.acquire("T2", "alice"); // re-entrant for the new owner
    }

    @Test
    void aCancelledWaiterGivesUp() throws Exception {
        LockTable table = new LockTable("test");
        table.acquire("T1", "alice");
        CompletableFuture<Void> t2 = CompletableFuture.runAsync(() -> table.acquire("T2", "alice"));
        while (table.holderBlocking("T2") == null) {
            Thread.onSpinWait();
        }
        table.cancel("T2");

        assertThat(t2).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(LockTable.WaitCancelledException.class);
        table.releaseAll("T1");
        table.acquire("T3", "alice");
        assertThat(table.holderBlocking("T3")).isNull();
    }
}
