package io.streamscorer.topology;

import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;

/**
 * What the comparison makes of the labels: a report for the comparisons topic, or, with automatic
 * promotion on, a challenger's weights as its champion's next generation and the tombstone that
 * retires the challenger, both for the control topic.
 */
final class CompareResult {
    enum Kind {
        REPORT,
        PROMOTION,
        RETIREMENT
    }

    private final Kind kind;
    private final ModelComparison report;
    private final ModelSpec promotion;

    private CompareResult(Kind kind, ModelComparison report, ModelSpec promotion) {
        this.kind = kind;
        this.report = report;
        this.promotion = promotion;
    }

    static CompareResult report(ModelComparison report) {
        return new CompareResult(Kind.REPORT, report, null);
    }

    static CompareResult promotion(ModelSpec promoted) {
        return new CompareResult(Kind.PROMOTION, null, promoted);
    }

    /** A tombstone, keyed by the challenger promoted. */
    static CompareResult retirement() {
        return new CompareResult(Kind.RETIREMENT, null, null);
    }

    Kind kind() {
        return kind;
    }

    ModelComparison report() {
        return report;
    }

    /** The promoted version, or null (a retirement's value is the tombstone). */
    ModelSpec promotion() {
        return promotion;
    }
}
