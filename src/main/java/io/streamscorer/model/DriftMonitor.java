package io.streamscorer.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches one model version's inputs and scores for drift: every feature, and the logit of every
 * head (so every head's score, binned in logit space; quantile bins do not change under the
 * sigmoid, and the logit costs no exponential). The version's reference is captured from the first
 * {@code referenceEvents} events it scores; from then on each scoring thread keeps a sliding window
 * of its last {@code windowEvents} events' bins, and the population stability index of a column
 * ({@link ReferenceBins#psi}) compares the windows' histogram with the reference's.
 *
 * <pre>{@code
 * DriftMonitor monitor = new DriftMonitor(model, 10_000, 10_000, 10);
 * DriftMonitor.Window window = monitor.newWindow();   // one per scoring thread
 * model.score(x, workspace);
 * window.observe(x, workspace);                       // per event, allocation-free
 * double psi = monitor.psi(monitor.column("amount")); // from any thread, at read time
 * }</pre>
 *
 * <p>Threads. Several stream threads score one model at once, so the per-event path takes no lock
 * and writes nothing another thread writes once the reference exists:
 *
 * <ul>
 *   <li>Capture: a thread claims a slot of the reference sample with one atomic increment and
 *       writes its row there; the thread that completes the last row turns the sample into bins (a
 *       sort per column, once per version) and publishes them through a volatile field. From then
 *       on the reference is frozen and read-only. Events scored while the last rows are still being
 *       written (a thread descheduled between claiming its slot and counting it holds the others
 *       up) are neither captured nor watched.
 *   <li>Watching: each thread owns a {@link Window} (ring of bins and counts per bin) that only it
 *       writes; a read sums the windows of every thread. So the histogram covers each thread's last
 *       {@code windowEvents} events, up to threads × {@code windowEvents} in all, and the index is
 *       reported once it holds at least {@code windowEvents}. A read racing an observation may see
 *       that event's old bin left and its new one not yet entered; an index over thousands of
 *       events does not notice one.
 * </ul>
 *
 * A lock per event, or one shared window, would make the threads queue on one cache line per event;
 * per-thread windows summed at read time cost the reader a few thousand additions instead.
 */
public final class DriftMonitor {
    /** Conventional level of a significant shift; above it a model's input is not what it was. */
    public static final double SIGNIFICANT_SHIFT = 0.25;

    /** Conventional level below which a population has not changed noticeably. */
    public static final double MODERATE_SHIFT = 0.1;

    /** Prefix of a head's score column: {@code _score.<head>}. */
    public static final String SCORE_COLUMN = "_score.";

    /** Most quantile bins per column: a bin index must fit one byte of the ring. */
    public static final int MAX_QUANTILES = 50;

    private final ScoringModel model;
    private final int features;
    private final int columns;
    private final int referenceEvents;
    private final int windowEvents;
    private final int quantiles;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();
    // Column-major rows of the first referenceEvents events; dropped once the bins are built.
    private volatile double[][] sample;
    private volatile ReferenceBins[] reference;
    private final List<Window> windows = new CopyOnWriteArrayList<>();

    /**
     * A monitor of {@code model} that has seen nothing yet.
     *
     * @param referenceEvents events the reference is captured from
     * @param windowEvents events per thread the sliding window holds
     * @param quantiles quantile bins per column, 2 to {@value #MAX_QUANTILES}
     * @throws IllegalArgumentException if a size is out of range
     */
    public DriftMonitor(ScoringModel model, int referenceEvents, int windowEvents, int quantiles) {
        if (referenceEvents < 1 || windowEvents < 1) {
            throw new IllegalArgumentException(
                    "Reference and window must hold at least one event, got "
                            + referenceEvents
                            + " and "
                            + windowEvents);
        }
        if (quantiles < 2 || quantiles > MAX_QUANTILES) {
            throw new IllegalArgumentException(
                    "Quantile bins must be 2 to " + MAX_QUANTILES + ", got " + quantiles);
        }
        this.model = model;
        this.features = model.dimension();
        this.columns = features + model.headCount();
        this.referenceEvents = referenceEvents;
        this.windowEvents = windowEvents;
        this.quantiles = quantiles;
        this.sample = new double[columns][referenceEvents];
    }

    /** The model version watched. */
    public ScoringModel model() {
        return model;
    }

    /** Number of columns: the features, then one score column per head. */
    public int columns() {
        return columns;
    }

    /** The name of {@code column}: a feature's name, or {@code _score.<head>}. */
    public String columnName(int column) {
        return column < features
                ? model.features().name(column)
                : SCORE_COLUMN + model.headName(column - features);
    }

    /** The column called {@code name}, or -1. */
    public int column(String name) {
        if (name.startsWith(SCORE_COLUMN)) {
            int head = model.headIndex(name.substring(SCORE_COLUMN.length()));
            if (head >= 0) {
                return features + head;
            }
        }
        return model.features().indexOf(name);
    }

    /** The column of head {@code head}'s score. */
    public int scoreColumn(int head) {
        return features + head;
    }

    /** Events the reference is captured from. */
    public int referenceEvents() {
        return referenceEvents;
    }

    /** Events captured into the reference so far, up to {@link #referenceEvents()}. */
    public int captured() {
        return Math.min(written.get(), referenceEvents);
    }

    /** The reference bins of {@code column}, or null while the reference is being captured. */
    public ReferenceBins reference(int column) {
        ReferenceBins[] bins = reference;
        return bins == null ? null : bins[column];
    }

    /** Events in the windows of every thread, summed, read now. */
    public long windowed() {
        long total = 0;
        for (Window w : windows) {
            total += w.size();
        }
        return total;
    }

    /**
     * The histogram of {@code column} over every thread's window, read now: one count per reference
     * bin; null while the reference is being captured.
     */
    public long[] counts(int column) {
        ReferenceBins[] bins = reference;
        if (bins == null) {
            return null;
        }
        long[] counts = new long[bins[column].bins()];
        for (Window w : windows) {
            w.addCounts(column, counts);
        }
        return counts;
    }

    /**
     * The population stability index of {@code column}'s windows against its reference, read now;
     * NaN until the reference is captured and the windows hold {@code windowEvents} events.
     */
    public double psi(int column) {
        long[] counts = counts(column);
        if (counts == null) {
            return Double.NaN;
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total < windowEvents ? Double.NaN : reference[column].psi(counts);
    }

    /** A window for one thread to observe through; it registers itself with its first event. */
    public Window newWindow() {
        return new Window();
    }

    private void capture(double[] x, ScoringWorkspace workspace) {
        int slot = claimed.getAndIncrement();
        if (slot >= referenceEvents) {
            return;
        }
        double[][] rows = sample;
        for (int c = 0; c < features; c++) {
            rows[c][slot] = x[c];
        }
        for (int c = features; c < columns; c++) {
            rows[c][slot] = workspace.logit(c - features);
        }
        // The increments form one release sequence: the thread that counts the last row sees
        // every row written before it.
        if (written.incrementAndGet() == referenceEvents) {
            freeze(rows);
        }
    }

    private void freeze(double[][] rows) {
        ReferenceBins[] bins = new ReferenceBins[columns];
        for (int c = 0; c < columns; c++) {
            bins[c] = ReferenceBins.fromSample(rows[c], referenceEvents, quantiles);
        }
        reference = bins;
        sample = null;
    }

    /**
     * One scoring thread's sliding window over this monitor's columns: the bins of its last {@code
     * windowEvents} events in a ring, and the count of each bin. Written only by its thread; read
     * by any through the monitor. Not thread-safe for observing.
     */
    public final class Window {
        private static final VarHandle SIZE;

        static {
            try {
                SIZE = MethodHandles.lookup().findVarHandle(Window.class, "size", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private ReferenceBins[] bins;
        private int[] offsets;
        private int[] counts;
        private byte[] ring;
        private int next;
        // Written with release semantics after every observation, read with acquire: a reader
        // that sees the size sees the counts written before it.
        private int size;

        private Window() {}

        /**
         * Observes one event {@code x} just scored into {@code workspace} by this monitor's model.
         * Captures it into the reference while that is incomplete; otherwise moves it into the
         * window, pushing out the oldest event once the window is full. Allocates nothing after the
         * first event watched.
         */
        public void observe(double[] x, ScoringWorkspace workspace) {
            ReferenceBins[] b = bins;
            if (b == null) {
                b = reference;
                if (b == null) {
                    capture(x, workspace);
                    return;
                }
                start(b);
            }
            int full = size;
            boolean evict = full == windowEvents;
            int base = next * columns;
            for (int c = 0; c < features; c++) {
                move(base + c, offsets[c], b[c].bin(x[c]), evict);
            }
            for (int c = features; c < columns; c++) {
                move(base + c, offsets[c], b[c].bin(workspace.logit(c - features)), evict);
            }
            next = next + 1 == windowEvents ? 0 : next + 1;
            SIZE.setRelease(this, evict ? full : full + 1);
        }

        private void move(int slot, int offset, int bin, boolean evict) {
            if (evict) {
                counts[offset + (ring[slot] & 0xFF)]--;
            }
            counts[offset + bin]++;
            ring[slot] = (byte) bin;
        }

        private void start(ReferenceBins[] reference) {
            offsets = new int[columns];
            int total = 0;
            for (int c = 0; c < columns; c++) {
                offsets[c] = total;
                total += reference[c].bins();
            }
            counts = new int[total];
            ring = new byte[windowEvents * columns];
            bins = reference;
            windows.add(this);
        }

        int size() {
            return (int) SIZE.getAcquire(this);
        }

        void addCounts(int column, long[] into) {
            if (size() == 0) {
                return;
            }
            int offset = offsets[column];
            for (int i = 0; i < into.length; i++) {
                into[i] += counts[offset + i];
            }
        }
    }
}
