package dev.k8sagent.helm;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The objects one {@code helm template} rendered, with the look-ups the tests need. */
record Rendered(
    String release, String namespace, List<KubernetesObject> objects, HelmValues values) {

  <T extends KubernetesObject> List<T> all(Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  <T extends KubernetesObject> T only(Class<T> kind) {
    List<T> found = all(kind);
    if (found.size() != 1) {
      throw new AssertionError(
          "Expected one " + kind.getSimpleName() + ", rendered " + found.size() + ": " + found);
    }
    return found.get(0);
  }

  <T extends KubernetesObject> Optional<T> named(Class<T> kind, String name) {
    return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  V1Deployment agentDeployment() {
    return only(V1Deployment.class);
  }

  V1Container agentContainer() {
    return agentDeployment().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The agent container's variables by name; values from Secrets and ConfigMaps resolved. */
  Map<String, String> agentEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (V1EnvVar variable : agentContainer().getEnv()) {
      environment.put(variable.getName(), resolve(variable));
    }
    return environment;
  }

  /** The agent container's mount at {@code path}. */
  V1VolumeMount agentMount(String path) {
    return agentContainer().getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("The agent container mounts nothing at " + path));
  }

  /** The agent pod's volume called {@code name}. */
  V1Volume agentVolume(String name) {
    return agentDeployment().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("The agent pod has no volume " + name));
  }

  /** The variable as written in the manifest (value or reference). */
  V1EnvVar agentVariable(String name) {
    return agentContainer().getEnv().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("The agent container has no variable " + name));
  }

  /** Every pod template the chart renders (Deployments, StatefulSets), by owner name. */
  Map<String, V1PodTemplateSpec> podTemplates() {
    Map<String, V1PodTemplateSpec> templates = new LinkedHashMap<>();
    all(V1Deployment.class)
        .forEach(d -> templates.put("Deployment/" + name(d), d.getSpec().getTemplate()));
    all(V1StatefulSet.class)
        .forEach(s -> templates.put("StatefulSet/" + name(s), s.getSpec().getTemplate()));
    return templates;
  }

  /** "Kind namespace/name" of every object, the identity the API server keeps them by. */
  Stream<String> identities() {
    return objects.stream()
        .map(
            o ->
                o.getKind()
                    + " "
                    + Optional.ofNullable(o.getMetadata().getNamespace()).orElse("")
                    + "/"
                    + name(o));
  }

  private String resolve(V1EnvVar variable) {
    if (variable.getValueFrom() == null) {
      return variable.getValue();
    }
    var secretRef = variable.getValueFrom().getSecretKeyRef();
    if (secretRef != null) {
      V1Secret secret =
          named(V1Secret.class, secretRef.getName())
              .orElseThrow(
                  () ->
                      new AssertionError(
                          variable.getName()
                              + " refers to a Secret the chart did not render: "
                              + secretRef.getName()));
      byte[] data = secret.getData() == null ? null : secret.getData().get(secretRef.getKey());
      if (data == null) {
        throw new AssertionError(
            variable.getName() + " refers to a key the Secret lacks: " + secretRef.getKey());
      }
      return new String(data, StandardCharsets.UTF_8);
    }
    var configMapRef = variable.getValueFrom().getConfigMapKeyRef();
    if (configMapRef != null) {
      V1ConfigMap configMap =
          named(V1ConfigMap.class, configMapRef.getName())
              .orElseThrow(
                  () ->
                      new AssertionError(
                          variable.getName() + " refers to a ConfigMap the chart did not render"));
      String value = configMap.getData().get(configMapRef.getKey());
      if (value == null) {
        throw new AssertionError(
            variable.getName() + " refers to a key the ConfigMap lacks: " + configMapRef.getKey());
      }
      return value;
    }
    var fieldRef = variable.getValueFrom().getFieldRef();
    if (fieldRef != null) {
      return switch (fieldRef.getFieldPath()) {
        case "metadata.namespace" -> namespace;
        case "metadata.name" -> name(agentDeployment()) + "-5d4f8b7c9-x2b7q";
        default ->
            throw new AssertionError(
                variable.getName() + " takes an unexpected pod field: " + fieldRef.getFieldPath());
      };
    }
    throw new AssertionError(
        variable.getName() + " takes its value from a source the agent cannot be given here");
  }

  private static String name(KubernetesObject object) {
    return object.getMetadata().getName();
  }
}
