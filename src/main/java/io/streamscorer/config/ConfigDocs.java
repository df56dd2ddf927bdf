package io.streamscorer.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/** Renders a {@link ConfigDef} as a Markdown table, for the README and {@code --help}. */
public final class ConfigDocs {
    private ConfigDocs() {}

    /** One row per key: name, type, default, valid values, importance, meaning. */
    public static String markdown(ConfigDef def) {
        StringBuilder out = new StringBuilder();
        out.append("| key | type | default | valid values | importance | meaning |\n");
        out.append("| --- | --- | --- | --- | --- | --- |\n");
        List<ConfigDef.ConfigKey> keys =
                def.configKeys().values().stream()
                        .sorted(Comparator.comparing((ConfigDef.ConfigKey k) -> k.name))
                        .toList();
        for (ConfigDef.ConfigKey key : keys) {
            out.append("| `")
                    .append(key.name)
                    .append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(defaultText(key))
                    .append(" | ")
                    .append(key.validator == null ? "" : cell(key.validator.toString()))
                    .append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(cell(key.documentation))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Where the generated table starts in a Markdown file. */
    public static final String START_MARKER = "<!-- config-docs:start -->";

    /** Where it ends. */
    public static final String END_MARKER = "<!-- config-docs:end -->";

    /** The table between the markers of {@code markdown}. */
    public static String marked(String markdown) {
        int start = markdown.indexOf(START_MARKER);
        int end = markdown.indexOf(END_MARKER);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(
                    "no " + START_MARKER + " ... " + END_MARKER + " section");
        }
        return markdown.substring(start + START_MARKER.length(), end).strip();
    }

    /** {@code markdown} with {@code table} between its markers. */
    public static String replaceMarked(String markdown, String table) {
        marked(markdown);
        int start = markdown.indexOf(START_MARKER) + START_MARKER.length();
        int end = markdown.indexOf(END_MARKER);
        return markdown.substring(0, start) + "\n" + table.strip() + "\n" + markdown.substring(end);
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
