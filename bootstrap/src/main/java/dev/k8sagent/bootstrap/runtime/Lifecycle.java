package dev.k8sagent.bootstrap.runtime;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Starts the agent's parts in order and stops them in reverse, timing and logging each step. When a
 * step fails to start, the steps already started are stopped (in reverse) before the failure is
 * passed on, so a failed start leaves no thread, socket or watch behind. A step that fails to stop
 * is logged and the others still stop.
 */
final class Lifecycle {
  private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

  /** Something that can fail to start. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /** One named part of the agent: how it starts and how it stops. */
  record Step(String name, Action start, Runnable stop) {}

  private final List<Step> steps;
  private final Deque<Step> started = new ArrayDeque<>();

  Lifecycle(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** Starts every step in order; on a failure stops those started and rethrows. */
  synchronized void start() throws Exception {
    for (Step step : steps) {
      long begin = System.nanoTime();
      try {
        step.start().run();
      } catch (Exception | Error e) {
        LOG.log(Level.ERROR, "Starting " + step.name() + " failed: " + e.getMessage());
        stop();
        throw e;
      }
      started.push(step);
      LOG.log(Level.INFO, "Started " + step.name() + " in " + millisSince(begin) + " ms");
    }
  }

  /** Stops the started steps, last started first. Safe to call more than once. */
  synchronized void stop() {
    while (!started.isEmpty()) {
      Step step = started.pop();
      long begin = System.nanoTime();
      try {
        step.stop().run();
        LOG.log(Level.INFO, "Stopped " + step.name() + " in " + millisSince(begin) + " ms");
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Stopping " + step.name() + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** The names of the steps running now, in start order. */
  synchronized List<String> running() {
    List<String> names = new ArrayList<>();
    started.descendingIterator().forEachRemaining(step -> names.add(step.name()));
    return names;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
