package dev.k8sagent.bootstrap.runtime;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Starts the agent's parts in order and stops them in reverse, timing and logging each step. Parts
 * that need nothing of each other can start side by side ({@link Together}). When a step fails to
 * start, the steps already started are stopped (in reverse) before the failure is passed on, so a
 * failed start leaves no thread, socket or watch behind. A step that fails to stop is logged and
 * the others still stop.
 */
final class Lifecycle {
  private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

  /** Something that can fail to start. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /** What the lifecycle starts: one step, or lanes of steps side by side. */
  sealed interface Part permits Step, Together {}

  /** One named part of the agent: how it starts and how it stops. */
  record Step(String name, Action start, Runnable stop) implements Part {}

  /**
   * Lanes of steps that need nothing of each other: each lane starts its steps in order, the lanes
   * at the same time (the first on the starting thread, each other on a thread of its own), and
   * what follows starts once every lane has. When a step fails, its lane starts no more, the other
   * lanes finish what they do, every step started is stopped and the first failure (in lane order)
   * is passed on.
   */
  record Together(List<List<Step>> lanes) implements Part {
    Together {
      lanes = lanes.stream().map(List::copyOf).toList();
    }
  }

  private final List<Part> parts;
  private final Deque<Step> started = new ArrayDeque<>();

  Lifecycle(List<? extends Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /** Starts every part in order; on a failure stops those started and rethrows. */
  synchronized void start() throws Exception {
    for (Part part : parts) {
      List<Lane> lanes =
          part instanceof Together together
              ? together.lanes().stream().map(Lane::new).toList()
              : List.of(new Lane(List.of((Step) part)));
      List<Thread> others = new ArrayList<>();
      for (Lane lane : lanes.subList(1, lanes.size())) {
        Thread thread = new Thread(lane::run, "k8s-agent-start-" + lane.steps.get(0).name());
        thread.setDaemon(true);
        thread.start();
        others.add(thread);
      }
      lanes.get(0).run();
      for (Thread thread : others) {
        thread.join();
      }
      lanes.forEach(lane -> lane.started.forEach(started::push));
      for (Lane lane : lanes) {
        if (lane.failure instanceof Exception e) {
          stop();
          throw e;
        }
        if (lane.failure instanceof Error e) {
          stop();
          throw e;
        }
      }
    }
  }

  /** Steps started in order on one thread, until one fails. */
  private static final class Lane {
    private final List<Step> steps;
    private final List<Step> started = new ArrayList<>();
    private volatile Throwable failure;

    Lane(List<Step> steps) {
      this.steps = steps;
    }

    void run() {
      for (Step step : steps) {
        long begin = System.nanoTime();
        try {
          step.start().run();
        } catch (Exception | Error e) {
          failure = e;
          LOG.log(Level.ERROR, "Starting " + step.name() + " failed: " + e.getMessage());
          return;
        }
        started.add(step); // read by the starting thread after it joined this lane's
        LOG.log(Level.INFO, "Started " + step.name() + " in " + millisSince(begin) + " ms");
      }
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
