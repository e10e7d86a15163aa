package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ScriptTicket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** The tasks the agent tracks, by ticket. A task's own changes happen under its monitor. */
final class Tasks {
  private static final System.Logger LOG = System.getLogger(Tasks.class.getName());

  private final Map<ScriptTicket, Task> byTicket = new ConcurrentHashMap<>();
  private final Executor launcher;

  /**
   * @param launcher where tasks handed a mutex or slot are launched: the agent uses one thread of
   *     its own, so the status, cancel or complete call that freed the slot answers without waiting
   *     for a pod create (and its turn in the API request budget); tests may run them in place
   */
  Tasks(Executor launcher) {
    this.launcher = launcher;
  }

  Optional<Task> get(ScriptTicket ticket) {
    return Optional.ofNullable(byTicket.get(ticket));
  }

  /** Tracks the task unless its ticket is tracked already; returns the task already tracked. */
  Optional<Task> addIfAbsent(Task task) {
    return Optional.ofNullable(byTicket.putIfAbsent(task.ticket(), task));
  }

  boolean contains(ScriptTicket ticket) {
    return byTicket.containsKey(ticket);
  }

  void remove(ScriptTicket ticket) {
    byTicket.remove(ticket);
  }

  /** The tasks tracked now. */
  List<Task> all() {
    return List.copyOf(byTicket.values());
  }

  int size() {
    return byTicket.size();
  }

  /**
   * Launches the tasks an isolation mutex or a task slot was handed to, when still tracked, and
   * those handed on in turn when such a launch fails.
   */
  void launchWaiting(List<ScriptTicket> tickets) {
    if (tickets.isEmpty()) {
      return;
    }
    launcher.execute(
        () -> {
          try {
            launchNow(tickets);
          } catch (RuntimeException e) {
            // a task's own launch failure ends that task; anything else must not kill the launcher
            LOG.log(System.Logger.Level.ERROR, "Could not launch waiting tasks " + tickets, e);
          }
        });
  }

  private void launchNow(List<ScriptTicket> tickets) {
    java.util.Deque<ScriptTicket> toLaunch = new java.util.ArrayDeque<>(tickets);
    while (!toLaunch.isEmpty()) {
      get(toLaunch.pollFirst())
          .ifPresent(
              task -> {
                synchronized (task) {
                  toLaunch.addAll(task.launchAfterWait());
                }
              });
    }
  }
}
