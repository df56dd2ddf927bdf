package io.streamscorer.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The head of every benchmark report: the machine, the JVM, the load before the run, what was run,
 * and every Kafka setting per guarantee, so a figure can be reproduced and judged.
 */
public final class BenchHeader {
    private BenchHeader() {}

    /** The machine and JVM facts every report starts with. */
    public static Map<String, String> environment(double loadAverage) {
        Runtime rt = Runtime.getRuntime();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(
                "JVM",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        facts.put("cores", String.valueOf(rt.availableProcessors()));
        facts.put("max heap", (rt.maxMemory() >> 20) + " MiB");
        facts.put(
                "load average (1 min) before the run",
                String.format(Locale.ROOT, "%.2f", loadAverage));
        return facts;
    }

    /** The fact that says how the rounds of a throughput benchmark ran. */
    public static String rounds(int rounds, int warmupRounds) {
        return String.format(
                Locale.ROOT,
                "%d measured after %d warm-up, pipeline order rotated per round",
                rounds,
                warmupRounds);
    }

    /** The line every report ends with: the load average before the run and now. */
    public static void writeLoadAverage(PrintWriter out, double before) {
        out.printf(
                Locale.ROOT,
                "%nLoad average (1 min) before the run %.2f, after %.2f.%n",
                before,
                BenchEnvironment.loadAverage());
    }

    /**
     * Writes {@code facts} as a list, then one table of {@code settings} with a column per
     * guarantee.
     */
    public static void write(
            PrintWriter out, Map<String, String> facts, List<PipelineSettings> settings) {
        facts.forEach((k, v) -> out.printf("- %s: %s%n", k, v));
        out.println();
        List<Map<String, String>> described = new ArrayList<>();
        Set<String> keys = new TreeSet<>();
        StringBuilder header = new StringBuilder("| setting |");
        StringBuilder rule = new StringBuilder("|---|");
        for (PipelineSettings s : settings) {
            Map<String, String> d = s.describe();
            described.add(d);
            keys.addAll(d.keySet());
            header.append(' ').append(s.guarantee().label()).append(" |");
            rule.append("---|");
        }
        out.println(header);
        out.println(rule);
        for (String key : keys) {
            StringBuilder row = new StringBuilder("| ").append(key).append(" |");
            for (Map<String, String> d : described) {
                row.append(' ').append(d.getOrDefault(key, "–")).append(" |");
            }
            out.println(row);
        }
        out.println();
        out.flush();
    }
}
