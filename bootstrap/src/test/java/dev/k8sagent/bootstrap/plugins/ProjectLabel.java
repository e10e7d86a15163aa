package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.ScriptPod;
import dev.k8sagent.plugins.api.ScriptPodCustomizer;
import dev.k8sagent.plugins.api.TaskFacts;
import org.pf4j.Extension;

/** Puts its configured {@code label=value} on the pods of its configured {@code project}. */
@Extension
public class ProjectLabel implements ScriptPodCustomizer {
  private volatile String project;
  private volatile String label;
  private volatile String value;

  @Override
  public void configure(PluginContext context) {
    project = context.required("project");
    label = context.required("label");
    value = context.required("value");
  }

  @Override
  public ScriptPod customize(TaskFacts task, ScriptPod pod) {
    return task.project().filter(project::equals).isPresent() ? pod.withLabel(label, value) : pod;
  }
}
