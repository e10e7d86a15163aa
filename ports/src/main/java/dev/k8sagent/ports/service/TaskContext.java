package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.TaskEnding;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.TaskObservers;
import dev.k8sagent.ports.out.Workspaces;
import java.time.Clock;

/** What every task of one {@link RunningScripts} shares. */
record TaskContext(
    Workspaces workspaces,
    ScriptPods pods,
    ExecutionSettings settings,
    TaskEnding ending,
    IsolationMutexes mutexes,
    TaskSlots slots,
    ExecutionMetrics metrics,
    TaskObservers observers,
    Clock clock) {}
