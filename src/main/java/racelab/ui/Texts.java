package racelab.ui;

/** Text helpers shared by the pages. */
public final class Texts {

    private Texts() {
    }

    /**
     * Scene narration is written as a YAML block with hard line breaks; joined into paragraphs it wraps to the
     * panel's width instead of breaking mid-sentence.
     */
    public static String paragraphs(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder joined = new StringBuilder();
        for (String paragraph : text.strip().split("\\n\\s*\\n")) {
            if (joined.length() > 0) {
                joined.append("\n\n");
            }
            joined.append(paragraph.strip().replaceAll("\\s*\\n\\s*", " "));
        }
        return joined.toString();
    }

}
