package dev.k8sagent.plugins.examples.cloud;

import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.ScriptPod;
import dev.k8sagent.plugins.api.ScriptPodCustomizer;
import dev.k8sagent.plugins.api.TaskFacts;
import org.pf4j.Extension;

/**
 * Gives the pods of tasks tagged for the cloud CLI what EKS workload identity needs: the role
 * annotation ({@value #ROLE_ANNOTATION}), and the variables the AWS CLI reads ({@code
 * AWS_ROLE_ARN}, {@code AWS_REGION}, {@code AWS_STS_REGIONAL_ENDPOINTS}). Other tasks are left
 * alone.
 */
@Extension
public class WorkloadIdentity implements ScriptPodCustomizer {
  static final String ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

  private volatile CloudCliSettings settings;

  @Override
  public void configure(PluginContext context) {
    settings = CloudCliSettings.from(context);
  }

  @Override
  public ScriptPod customize(TaskFacts task, ScriptPod pod) {
    CloudCliSettings configured = settings;
    if (configured == null || !configured.wanted(task)) {
      return pod;
    }
    ScriptPod result = pod.withLabel("k8s-agent.dev/cloud-cli", "aws");
    if (configured.roleArn().isPresent()) {
      result =
          result
              .withAnnotation(ROLE_ANNOTATION, configured.roleArn().get())
              .withEnvironment("AWS_ROLE_ARN", configured.roleArn().get());
    }
    if (configured.region().isPresent()) {
      result =
          result
              .withEnvironment("AWS_REGION", configured.region().get())
              .withEnvironment("AWS_STS_REGIONAL_ENDPOINTS", "regional");
    }
    return result;
  }
}
