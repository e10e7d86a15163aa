package dev.k8sagent.adapters.octopus.simulator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU time used since {@link #start} by the threads whose names begin with one of a few
 * prefixes: what one side of a benchmark cost, when both sides run in one process. A thread that
 * ends in between takes its time with it, so this counts long-lived threads (event loops, pools)
 * well and short-lived ones not at all. The JVM's own threads (compilers, GC) are no Java threads
 * and belong to no side.
 */
public final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final List<String> prefixes;
  private final Map<Long, Long> atStart;

  private ThreadCpu(List<String> prefixes) {
    this.prefixes = prefixes;
    this.atStart = cpuByThread();
  }

  /**
   * Starts counting the CPU of threads named {@code prefix…}.
   *
   * @throws IllegalStateException when this JVM cannot measure a thread's CPU time
   */
  public static ThreadCpu start(String... prefixes) {
    if (prefixes.length == 0) {
      throw new IllegalArgumentException("Name at least one thread-name prefix to count");
    }
    if (!THREADS.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("This JVM does not measure the CPU time of its threads");
    }
    if (!THREADS.isThreadCpuTimeEnabled()) {
      THREADS.setThreadCpuTimeEnabled(true);
    }
    return new ThreadCpu(List.of(prefixes));
  }

  /**
   * CPU time the whole process used so far (every side, the compilers and GC), or 0 where the JVM
   * does not say.
   */
  public static long processNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
  }

  /** Nanoseconds of CPU the counted threads used since {@link #start}; a new thread from zero. */
  public long nanos() {
    long total = 0;
    for (Map.Entry<Long, Long> thread : cpuByThread().entrySet()) {
      total += thread.getValue() - atStart.getOrDefault(thread.getKey(), 0L);
    }
    return total;
  }

  private Map<Long, Long> cpuByThread() {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null || !counted(info.getThreadName())) {
        continue; // ended since the ids were taken, or another side's
      }
      long nanos = THREADS.getThreadCpuTime(info.getThreadId());
      if (nanos >= 0) { // -1: ended in between
        cpu.put(info.getThreadId(), nanos);
      }
    }
    return cpu;
  }

  private boolean counted(String name) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
