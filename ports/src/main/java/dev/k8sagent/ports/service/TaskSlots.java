package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ScriptTicket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's bound on tasks running at once: a task holds a slot from its pod's launch until it
 * finishes; a task that finds none free waits in arrival order. So a burst of StartScripts makes at
 * most {@code capacity} pods (or local processes, with their threads and file descriptors) at once,
 * however many the server sends.
 */
final class TaskSlots {
  private final int capacity;
  private final Set<ScriptTicket> holders = new HashSet<>();
  private final Deque<ScriptTicket> waiting = new ArrayDeque<>();

  TaskSlots(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("At least one task must be able to run, got " + capacity);
    }
    this.capacity = capacity;
  }

  int capacity() {
    return capacity;
  }

  /** Takes a slot if one is free, else queues the ticket; true when the ticket now holds one. */
  synchronized boolean acquireOrQueue(ScriptTicket ticket) {
    if (holders.contains(ticket)) {
      return true;
    }
    if (holders.size() < capacity && waiting.isEmpty()) {
      holders.add(ticket);
      return true;
    }
    if (!waiting.contains(ticket)) {
      waiting.addLast(ticket);
    }
    return false;
  }

  /** Takes a slot whatever the bound: for a pod that already runs (found again after a restart). */
  synchronized void take(ScriptTicket ticket) {
    holders.add(ticket);
  }

  /**
   * Lets go of the ticket's slot or its place in the queue. When a slot came free, the first
   * waiting ticket gets it and is returned, to be launched.
   */
  synchronized Optional<ScriptTicket> release(ScriptTicket ticket) {
    waiting.remove(ticket);
    if (!holders.remove(ticket) || holders.size() >= capacity) {
      return Optional.empty();
    }
    ScriptTicket next = waiting.pollFirst();
    if (next != null) {
      holders.add(next);
    }
    return Optional.ofNullable(next);
  }

  /** Tasks holding a slot now. */
  synchronized int running() {
    return holders.size();
  }

  /** Tasks waiting for a slot now. */
  synchronized int waiting() {
    return waiting.size();
  }
}
