package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeltaDebuggerTest {

    private static final List<Integer> FAULTS = IntStream.range(0, 40).boxed().collect(Collectors.toList());

    @Test
    void shrinksToTheTwoElementsThatTogetherCauseTheFailure() {
        DeltaDebugger<Integer> debugger = new DeltaDebugger<>(
                input -> input.contains(7) && input.contains(31), new Cancellation());
        DeltaDebugger.Result<Integer> result = debugger.minimize(FAULTS);
        assertThat(result.minimal()).containsExactly(7, 31);
        assertThat(result.complete()).isTrue();
        assertThat(result.tests()).isLessThan(100);
    }

    @Test
    void resultIsOneMinimal() {
        // Fails when at least three multiples of five are present: many minimal answers, any is fine if 1-minimal.
        java.util.function.Predicate<List<Integer>> fails = input -> input.stream().filter(i -> i % 5 == 0).count() >= 3;
        List<Integer> minimal = new DeltaDebugger<>(fails, new Cancellation()).minimize(FAULTS).minimal();
        assertThat(fails.test(minimal)).isTrue();
        for (int i = 0; i < minimal.size(); i++) {
            List<Integer> without = new java.util.ArrayList<>(minimal);
            without.remove(i);
            assertThat(fails.test(without)).as("without %s", minimal.get(i)).isFalse();
        }
        assertThat(minimal).hasSize(3);
    }

    @Test
    void refusesAnInputThatDoesNotFail() {
        assertThatThrownBy(() -> new DeltaDebugger<Integer>(input -> false, new Cancellation()).minimize(FAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelReturnsTheSmallestFailingInputSoFar() {
        Cancellation cancellation = new Cancellation();
        int[] tests = {0};
        DeltaDebugger<Integer> debugger = new DeltaDebugger<>(input -> {
            if (++tests[0] == 4) {
                cancellation.cancel();
            }
            return input.contains(7) && input.contains(31);
        }, cancellation);
        DeltaDebugger.Result<Integer> result = debugger.minimize(FAULTS);
        assertThat(result.complete()).isFalse();
        assertThat(result.minimal()).contains(7, 31).hasSizeLessThan(FAULTS.size() + 1);
        assertThat(tests[0]).isEqualTo(4);
    }
}
