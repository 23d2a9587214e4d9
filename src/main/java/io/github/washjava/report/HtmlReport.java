package io.github.washjava.report;

import io.github.washjava.util.AtomicFiles;
import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * One self-contained {@code report.html} for runs, comparisons and sweeps: the result tables, every
 * chart embedded as a data URI, and the resolved configuration. It opens in a browser with no server
 * and no network.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Writes {@code dirs[0]/report.html} covering every directory; returns its path. */
    public static Path write(List<Path> dirs) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>WASH report</title>
                <style>
                body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}
                table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
                th{background:#f3f3f3}img{max-width:100%;border:1px solid #eee;margin:.5em 0}
                pre{background:#f7f7f7;padding:1em;overflow:auto}figure{margin:1em 0}figcaption{color:#666;font-size:90%}
                </style></head><body>
                <h1>WASH report</h1>
                """);
        for (Path dir : dirs) {
            html.append(section(dir));
        }
        html.append("</body></html>\n");
        Path target = dirs.get(0).resolve("report.html");
        AtomicFiles.write(target, html.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return target;
    }

    static String section(Path dir) {
        String table;
        String kind;
        Path config;
        if (Files.isRegularFile(dir.resolve("sweep.json"))) {
            kind = "sweep";
            table = read(dir.resolve("sweep.md"));
            config = dir.resolve("sweep.yaml");
        } else if (Files.isRegularFile(dir.resolve("comparison.json"))) {
            kind = "comparison";
            table = read(dir.resolve("comparison.md"));
            config = Files.isRegularFile(dir.resolve("compare.json")) ? dir.resolve("compare.json") : firstSubdirConfig(dir);
        } else if (Files.isRegularFile(dir.resolve("summary.json"))) {
            kind = "run";
            table = read(dir.resolve("summary.md"));
            config = dir.resolve("config.yaml");
        } else {
            throw new InvalidInputException(dir + ": expected a run, comparison or sweep directory (summary.json, "
                    + "comparison.json or sweep.json), found none");
        }
        StringBuilder s = new StringBuilder("<section><h2>" + escape(kind + ": " + dir.getFileName()) + "</h2>\n");
        s.append(markdownToHtml(table));
        for (Path png : charts(dir)) {
            s.append("<figure><img alt=\"").append(escape(png.getFileName().toString())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(readBytes(png))).append("\"><figcaption>")
                    .append(escape(png.getFileName().toString())).append("</figcaption></figure>\n");
        }
        if (config != null && Files.isRegularFile(config)) {
            s.append("<h3>Configuration</h3><pre>").append(escape(read(config))).append("</pre>\n");
        }
        return s.append("</section>\n").toString();
    }

    /** Headings, paragraphs and pipe tables: the subset of Markdown our tables use. */
    static String markdownToHtml(String markdown) {
        StringBuilder out = new StringBuilder();
        List<String> tableRows = new ArrayList<>();
        for (String line : (markdown + "\n").split("\n", -1)) {
            if (line.startsWith("|")) {
                tableRows.add(line);
                continue;
            }
            if (!tableRows.isEmpty()) {
                out.append(table(tableRows));
                tableRows.clear();
            }
            if (line.startsWith("# ")) {
                out.append("<h3>").append(escape(line.substring(2))).append("</h3>\n");
            } else if (!line.isBlank()) {
                out.append("<p>").append(escape(line)).append("</p>\n");
            }
        }
        return out.toString();
    }

    private static String table(List<String> rows) {
        StringBuilder t = new StringBuilder("<table>\n");
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).matches("^\\|[-|: ]+\\|?$")) {
                continue;
            }
            String tag = r == 0 ? "th" : "td";
            t.append("<tr>");
            String row = rows.get(r).trim();
            for (String cell : row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length()).split("\\|")) {
                t.append('<').append(tag).append('>').append(escape(cell.trim())).append("</").append(tag).append('>');
            }
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static List<Path> charts(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path firstSubdirConfig(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.resolve("config.yaml")).filter(Files::isRegularFile).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
