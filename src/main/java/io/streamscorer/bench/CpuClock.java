package io.streamscorer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time, the figure a busy shared machine distorts least: a run that waits for a core takes
 * longer but uses no more CPU. The pipelines' threads are found by name: every client and stream
 * thread of a run carries the run's id (its group, application or client id).
 */
final class CpuClock {
    private CpuClock() {}

    /** CPU nanoseconds this process has used so far. */
    static long process() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU nanoseconds used so far by the live threads whose names contain {@code id}. */
    static long threadsNamedWith(String id) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(id)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }
}
