package dev.k8sagent.plugins.api;

import org.pf4j.ExtensionPoint;

/**
 * What every extension point of the agent shares: it is told its plugin's settings once, before its
 * first call. Do not implement this directly; implement {@link ToolingImageProvider}, {@link
 * ScriptPodCustomizer} or {@link TaskObserver}.
 *
 * <p>Rules for every extension: answer quickly and do no blocking I/O on the task's path (the agent
 * gives each call a time limit, {@code K8SAGENT_PLUGIN_CALL_TIMEOUT}, and skips a call that takes
 * longer); never keep state per task beyond what you need; an exception skips your extension for
 * that task only, with a line in the task's log that the Octopus server shows (for a {@link
 * TaskObserver}, in the agent's log: the task may be over). A plugin's own {@code start()} and
 * {@code stop()} have a time limit too, {@code K8SAGENT_PLUGIN_LIFECYCLE_TIMEOUT}.
 */
public interface AgentExtension extends ExtensionPoint {

  /**
   * Receives this plugin's settings before any other call. Throwing here (e.g. a required setting
   * is missing) leaves the extension unused until the agent restarts, and says why in the agent's
   * log.
   */
  default void configure(PluginContext context) {}
}
