package racelab.walkthrough;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Locale;

/**
 * Writes a session as one self-contained HTML file (pictures inlined as data URIs) or as Markdown with a folder of
 * PNGs next to it. Every file is written atomically (a temp file in the same folder, renamed over the target), so
 * an interrupted export never leaves half a report.
 */
public final class SessionReport {

    private SessionReport() {
    }

    /** The format for a file name: {@code .md}/{@code .markdown} is Markdown, anything else HTML. */
    public static void write(SessionRecord session, Path target) throws IOException {
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".md") || name.endsWith(".markdown")) {
            writeMarkdown(session, target);
        } else {
            writeHtml(session, target);
        }
    }

    public static void writeHtml(SessionRecord session, Path target) throws IOException {
        writeAtomically(target, html(session).getBytes(StandardCharsets.UTF_8));
    }

    /** Markdown, with each stop's picture as {@code NAME-images/NN-stop.png}, linked relative to the file. */
    public static void writeMarkdown(SessionRecord session, Path target) throws IOException {
        String base = target.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String folder = base + "-images";
        Path images = target.toAbsolutePath().getParent().resolve(folder);
        int number = 0;
        for (SessionRecord.StopRecord stop : session.stops()) {
            number++;
            if (stop.picture() != null) {
                writeAtomically(images.resolve(pictureName(number, stop)), stop.picture());
            }
        }
        writeAtomically(target, markdown(session, folder).getBytes(StandardCharsets.UTF_8));
    }

    static String pictureName(int number, SessionRecord.StopRecord stop) {
        return String.format("%02d-%s.png", number, stop.id());
    }

    static String markdown(SessionRecord session, String imageFolder) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(session.walkthroughTitle()).append("\n\n");
        md.append(summary(session)).append("\n\n");
        md.append("| # | Stop | Visited | Prediction | Real run | Right? | Hints | Challenge |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        int number = 0;
        for (SessionRecord.StopRecord stop : session.stops()) {
            number++;
            md.append("| ").append(number).append(" | ").append(cell(stop.title())).append(" | ")
                    .append(stop.visited() ? "yes" : "no").append(" | ").append(cell(orDash(stop.prediction())))
                    .append(" | ").append(cell(orDash(stop.answer()))).append(" | ").append(rightText(stop))
                    .append(" | ").append(stop.hintsUsed()).append(" of ").append(stop.hintsTotal()).append(" | ")
                    .append(cell(challengeText(stop))).append(" |\n");
        }
        number = 0;
        for (SessionRecord.StopRecord stop : session.stops()) {
            number++;
            md.append("\n## ").append(number).append(". ").append(stop.title()).append("\n\n");
            md.append("- Scene: `").append(stop.scene()).append("`, suggested ").append(stop.minutes())
                    .append(" min\n");
            if (!stop.visited()) {
                md.append("- Not visited in this session.\n");
                continue;
            }
            if (stop.outcome() != null) {
                md.append("- Real outcome: ").append(stop.outcome()).append("\n");
            }
            if (stop.predictionPrompt() != null) {
                md.append("- Asked: ").append(stop.predictionPrompt()).append("\n");
                md.append("- Predicted: ").append(orDash(stop.prediction())).append("; measured: ")
                        .append(orDash(stop.answer())).append(" (").append(rightText(stop)).append(")")
                        .append(stop.answerSource() == null ? "" : "; " + stop.answerSource()).append("\n");
            }
            md.append("- Hints used: ").append(stop.hintsUsed()).append(" of ").append(stop.hintsTotal()).append("\n");
            if (stop.challenge() != null) {
                md.append("- Challenge: ").append(challengeText(stop)).append("\n");
            }
            if (stop.notes() != null && !stop.notes().isBlank()) {
                md.append("- Interviewer notes:\n\n");
                for (String line : stop.notes().strip().split("\n")) {
                    md.append("  > ").append(line).append("\n");
                }
            }
            if (stop.picture() != null) {
                md.append("\n![key step of ").append(stop.title()).append("](").append(imageFolder).append("/")
                        .append(pictureName(number, stop)).append(")\n");
            }
        }
        return md.toString();
    }

    static String html(SessionRecord session) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(session.walkthroughTitle())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
                        + "color:#1f2328}\n")
                .append("table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:4px 8px;"
                        + "text-align:left;vertical-align:top}\n")
                .append(".right{color:#1a7f37;font-weight:bold}.wrong{color:#cf222e;font-weight:bold}\n")
                .append("img{max-width:100%;border:1px solid #d0d7de}blockquote{color:#57606a;border-left:4px solid "
                        + "#d0d7de;margin:0;padding-left:1em;white-space:pre-wrap}\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(escape(session.walkthroughTitle())).append("</h1>\n<p>")
                .append(escape(summary(session))).append("</p>\n");
        html.append("<table>\n<tr><th>#</th><th>Stop</th><th>Visited</th><th>Prediction</th><th>Real run</th>"
                + "<th>Right?</th><th>Hints</th><th>Challenge</th></tr>\n");
        int number = 0;
        for (SessionRecord.StopRecord stop : session.stops()) {
            number++;
            html.append("<tr><td>").append(number).append("</td><td><a href=\"#stop-").append(number).append("\">")
                    .append(escape(stop.title())).append("</a></td><td>").append(stop.visited() ? "yes" : "no")
                    .append("</td><td>").append(escape(orDash(stop.prediction()))).append("</td><td>")
                    .append(escape(orDash(stop.answer()))).append("</td><td class=\"")
                    .append(stop.right() == null ? "" : stop.right() ? "right" : "wrong").append("\">")
                    .append(rightText(stop)).append("</td><td>").append(stop.hintsUsed()).append(" of ")
                    .append(stop.hintsTotal()).append("</td><td>").append(escape(challengeText(stop)))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
        number = 0;
        for (SessionRecord.StopRecord stop : session.stops()) {
            number++;
            html.append("<h2 id=\"stop-").append(number).append("\">").append(number).append(". ")
                    .append(escape(stop.title())).append("</h2>\n<ul>\n");
            html.append("<li>Scene: <code>").append(escape(stop.scene())).append("</code>, suggested ")
                    .append(stop.minutes()).append(" min</li>\n");
            if (!stop.visited()) {
                html.append("<li>Not visited in this session.</li>\n</ul>\n");
                continue;
            }
            if (stop.outcome() != null) {
                html.append("<li class=\"outcome\">Real outcome: ").append(escape(stop.outcome())).append("</li>\n");
            }
            if (stop.predictionPrompt() != null) {
                html.append("<li>Asked: ").append(escape(stop.predictionPrompt())).append("</li>\n");
                html.append("<li>Predicted: ").append(escape(orDash(stop.prediction()))).append("; measured: ")
                        .append(escape(orDash(stop.answer()))).append(" <span class=\"")
                        .append(stop.right() == null ? "" : stop.right() ? "right" : "wrong").append("\">(")
                        .append(rightText(stop)).append(")</span>")
                        .append(stop.answerSource() == null ? "" : "; " + escape(stop.answerSource()))
                        .append("</li>\n");
            }
            html.append("<li>Hints used: ").append(stop.hintsUsed()).append(" of ").append(stop.hintsTotal())
                    .append("</li>\n");
            if (stop.challenge() != null) {
                html.append("<li>Challenge: ").append(escape(challengeText(stop))).append("</li>\n");
            }
            html.append("</ul>\n");
            if (stop.notes() != null && !stop.notes().isBlank()) {
                html.append("<p>Interviewer notes:</p>\n<blockquote>").append(escape(stop.notes().strip()))
                        .append("</blockquote>\n");
            }
            if (stop.picture() != null) {
                html.append("<p><img alt=\"key step of ").append(escape(stop.title()))
                        .append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(stop.picture())).append("\"></p>\n");
            }
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String summary(SessionRecord session) {
        int[] score = session.predictionScore();
        long visited = session.stops().stream().filter(SessionRecord.StopRecord::visited).count();
        return "Walkthrough " + session.walkthroughFile() + ", " + (session.track() == Walkthrough.Track.INTERVIEW
                ? "interview path" : "class (every stop)") + (session.interviewMode() ? ", interview mode" : "")
                + ", exported " + session.when() + ". Stops visited: " + visited + " of " + session.stops().size()
                + ". Predictions right: " + score[0] + " of " + score[1] + ". Every real-run result was measured on H2 "
                + "or the log simulator during the session.";
    }

    private static String rightText(SessionRecord.StopRecord stop) {
        return stop.right() == null ? "–" : stop.right() ? "right" : "wrong";
    }

    private static String challengeText(SessionRecord.StopRecord stop) {
        if (stop.challenge() == null) {
            return "–";
        }
        String state = stop.challengeWon() ? "won in " + stop.challengeMoves() + " move"
                + (stop.challengeMoves() == 1 ? "" : "s") : "not won (" + stop.challengeMoves() + " moves)";
        return stop.challenge() + ": " + state + (stop.solutionShown() ? ", solution shown" : "")
                + (stop.bestMoves() >= 0 ? ", best ever " + stop.bestMoves() : "");
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "–" : text;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + "-", ".tmp");
        try {
            Files.write(temp, bytes);
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
