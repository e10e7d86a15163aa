package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ScriptTicket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Named mutexes for FullIsolation tasks: one holder per name, the others queued in arrival order. A
 * task holds its mutex from launch until it completes (not only while its pod is created).
 */
final class IsolationMutexes {
  private final Map<String, Mutex> mutexes = new HashMap<>();

  private static final class Mutex {
    ScriptTicket holder;
    final Deque<ScriptTicket> waiting = new ArrayDeque<>();
  }

  /** Takes the mutex if it is free, else queues the ticket; true when the ticket now holds it. */
  synchronized boolean acquireOrQueue(String name, ScriptTicket ticket) {
    Mutex mutex = mutexes.computeIfAbsent(name, n -> new Mutex());
    if (mutex.holder == null || mutex.holder.equals(ticket)) {
      mutex.holder = ticket;
      return true;
    }
    if (!mutex.waiting.contains(ticket)) {
      mutex.waiting.addLast(ticket);
    }
    return false;
  }

  /** Who holds the mutex now. */
  synchronized Optional<ScriptTicket> holder(String name) {
    Mutex mutex = mutexes.get(name);
    return mutex == null ? Optional.empty() : Optional.ofNullable(mutex.holder);
  }

  /**
   * Releases the ticket's hold or its place in the queue. When it held the mutex, the next waiting
   * ticket gets it and is returned, to be launched.
   */
  synchronized Optional<ScriptTicket> release(String name, ScriptTicket ticket) {
    Mutex mutex = mutexes.get(name);
    if (mutex == null) {
      return Optional.empty();
    }
    mutex.waiting.remove(ticket);
    if (!ticket.equals(mutex.holder)) {
      return Optional.empty();
    }
    mutex.holder = mutex.waiting.pollFirst();
    if (mutex.holder == null) {
      mutexes.remove(name);
    }
    return Optional.ofNullable(mutex.holder);
  }
}
