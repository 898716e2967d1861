package racelab.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.scenario.StepRef;

class ScheduleEditorTest {

    private static List<StepRef> refs(String... texts) {
        List<StepRef> refs = new ArrayList<>();
        for (String text : texts) {
            refs.add(StepRef.parseOrNull(text));
        }
        return refs;
    }

    private final ScheduleEditor editor = new ScheduleEditor(refs("T1.begin", "T1.check", "T2.begin", "T2.check",
            "T1.apply", "T1.commit", "T2.apply", "T2.commit"));

    @Test
    void movingAStepPastOtherLanesIsAllowed() {
        String refusal = editor.move(4, 2);

        assertThat(refusal).isNull();
        assertThat(editor.schedule()).isEqualTo(refs("T1.begin", "T1.check", "T1.apply", "T2.begin", "T2.check",
                "T1.commit", "T2.apply", "T2.commit"));
        assertThat(editor.editedProperty().get()).isTrue();
    }

    @Test
    void movingAStepPastItsOwnLaneIsRefusedWithAHint() {
        String refusal = editor.move(4, 0);

        assertThat(refusal).contains("T1.apply").contains("after").contains("T1.");
        assertThat(editor.schedule()).isEqualTo(editor.original());
        assertThat(editor.editedProperty().get()).isFalse();
    }

    @Test
    void shuffleKeepsEveryLanesOrderAndRepeatsForTheSameSeed() {
        editor.shuffle(7);
        List<StepRef> first = List.copyOf(editor.schedule());
        for (String lane : List.of("T1", "T2")) {
            List<String> phases = first.stream().filter(s -> s.lane().equals(lane)).map(StepRef::phase).toList();
            assertThat(phases).containsExactly("begin", "check", "apply", "commit");
        }
        editor.reset();
        editor.shuffle(7);
        assertThat(editor.schedule()).isEqualTo(first);
    }

    @Test
    void differentSeedsGiveDifferentInterleavings() {
        java.util.Set<List<StepRef>> seen = new java.util.HashSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            editor.shuffle(seed);
            seen.add(List.copyOf(editor.schedule()));
        }
        assertThat(seen.size()).isGreaterThan(5);
    }

    @Test
    void resetRestoresTheScenesSchedule() {
        editor.move(2, 0);
        editor.reset();

        assertThat(editor.schedule()).isEqualTo(editor.original());
        assertThat(editor.editedProperty().get()).isFalse();
    }

    @Test
    void lanesAreListedInOrderOfFirstAppearance() {
        assertThat(editor.lanes()).containsExactly("T1", "T2");
    }
}
