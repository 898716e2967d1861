package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InterleavingIteratorTest {

    @Test
    void everyInterleavingIsYieldedOnceAndKeepsLaneOrder() {
        Lanes lanes = Lanes.of(TestScenes.withdrawals(2));
        Set<List<Integer>> seen = new HashSet<>();
        InterleavingIterator iterator = new InterleavingIterator(lanes, Independence.none(lanes));
        while (iterator.hasNext()) {
            int[] schedule = iterator.next();
            assertThat(seen.add(boxed(schedule))).as("duplicate %s", Arrays.toString(schedule)).isTrue();
            int[] next = new int[lanes.laneCount()];
            for (int id : schedule) {
                assertThat(lanes.positionOf(id)).isEqualTo(next[lanes.laneOf(id)]++);
            }
        }
        assertThat((long) seen.size()).isEqualTo(lanes.interleavingCount().longValueExact()).isEqualTo(70L);
    }

    @Test
    void countMatchesTheMultinomialForThreeLanes() {
        Lanes lanes = Lanes.of(TestScenes.withdrawals(3));
        assertThat(lanes.interleavingCount().longValueExact()).isEqualTo(34_650L);
        assertThat(InterleavingIterator.count(lanes, Independence.none(lanes))).isEqualTo(34_650L);
    }

    @Test
    void prunedEnumerationYieldsExactlyOneCanonicalSchedulePerEquivalenceClass() {
        for (String mitigation : List.of("naive", "for-update", "repeatable-read")) {
            Lanes lanes = Lanes.of(TestScenes.withdrawals(2));
            Independence independence = Independence.of(lanes,
                    new MitigationFootprints().model(TestScenes.withdrawals(2), mitigation));
            List<Set<List<Integer>>> classes = bruteForceClasses(lanes, independence);

            List<int[]> representatives = new ArrayList<>();
            new InterleavingIterator(lanes, independence).forEachRemaining(representatives::add);

            assertThat(representatives).as(mitigation).hasSize(classes.size());
            for (Set<List<Integer>> equivalenceClass : classes) {
                long inClass = representatives.stream().filter(r -> equivalenceClass.contains(boxed(r))).count();
                assertThat(inClass).as(mitigation + " class " + equivalenceClass).isEqualTo(1);
            }
            for (int[] representative : representatives) {
                assertThat(independence.canonical(representative)).isEqualTo(representative);
            }
            assertThat(classes.size()).as(mitigation + " prunes something").isLessThan(70);
        }
    }

    @Test
    void canonicalMapsEveryMemberOfAClassToTheSameSchedule() {
        Lanes lanes = Lanes.of(TestScenes.withdrawals(2));
        Independence independence = Independence.of(lanes,
                new MitigationFootprints().model(TestScenes.withdrawals(2), "naive"));
        for (Set<List<Integer>> equivalenceClass : bruteForceClasses(lanes, independence)) {
            Set<List<Integer>> canonicals = new HashSet<>();
            for (List<Integer> member : equivalenceClass) {
                canonicals.add(boxed(independence.canonical(unboxed(member))));
            }
            assertThat(canonicals).hasSize(1);
        }
    }

    /** Classes by closure under swaps of adjacent independent steps, over all interleavings. */
    private static List<Set<List<Integer>>> bruteForceClasses(Lanes lanes, Independence independence) {
        List<Set<List<Integer>>> classes = new ArrayList<>();
        Set<List<Integer>> assigned = new HashSet<>();
        InterleavingIterator all = new InterleavingIterator(lanes, Independence.none(lanes));
        while (all.hasNext()) {
            List<Integer> start = boxed(all.next());
            if (assigned.contains(start)) {
                continue;
            }
            Set<List<Integer>> equivalenceClass = new HashSet<>();
            Deque<List<Integer>> todo = new ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                List<Integer> word = todo.pop();
                if (!equivalenceClass.add(word)) {
                    continue;
                }
                for (int i = 0; i + 1 < word.size(); i++) {
                    if (independence.independent(word.get(i), word.get(i + 1))) {
                        List<Integer> swapped = new ArrayList<>(word);
                        swapped.set(i, word.get(i + 1));
                        swapped.set(i + 1, word.get(i));
                        todo.push(swapped);
                    }
                }
            }
            assigned.addAll(equivalenceClass);
            classes.add(equivalenceClass);
        }
        return classes;
    }

    private static List<Integer> boxed(int[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }

    private static int[] unboxed(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
