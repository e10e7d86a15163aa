package dev.k8sagent.helm;

import com.google.gson.Gson;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The chart in {@code helm/kubernetes-agent}, driven through real Helm in this process. */
final class AgentChart {
  static final Path DIRECTORY = Path.of("kubernetes-agent").toAbsolutePath();

  /** Values files and lint copies, kept with the build's other output. */
  private static final Path SCRATCH = Path.of("target", "chart-tests").toAbsolutePath();

  private final Path scratch;

  AgentChart() {
    try {
      this.scratch = Files.createDirectories(SCRATCH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code helm template r <chart> --namespace ns -f <values>}. */
  Rendered render(HelmValues values) {
    return render("r", "ns", values);
  }

  /** {@code helm template <release> <chart> --namespace <namespace> -f <values>}. */
  Rendered render(String release, String namespace, HelmValues values) {
    String yaml = withoutOperatorKinds(template(release, namespace, values));
    try {
      List<Object> objects = Yaml.loadAll(yaml);
      return new Rendered(
          release, namespace, objects.stream().map(KubernetesObject.class::cast).toList(), values);
    } catch (IOException e) {
      throw new UncheckedIOException("Helm rendered YAML that does not parse:\n" + yaml, e);
    }
  }

  /**
   * The rendered documents without those of the Prometheus Operator's kinds (a ServiceMonitor),
   * which client-java has no model of; {@link #template} has them.
   */
  private static String withoutOperatorKinds(String yaml) {
    StringBuilder kept = new StringBuilder();
    for (String document : yaml.split("(?m)^---$")) {
      Object parsed = new org.yaml.snakeyaml.Yaml().load(document);
      if (parsed == null) {
        continue;
      }
      if (parsed instanceof Map<?, ?> object
          && String.valueOf(object.get("apiVersion")).startsWith("monitoring.coreos.com/")) {
        continue;
      }
      kept.append("---\n").append(document.strip()).append('\n');
    }
    return kept.toString();
  }

  /**
   * The YAML {@code helm template <release> <chart> --namespace <namespace> -f <values>} prints,
   * for objects of kinds client-java has no model of (a ServiceMonitor).
   */
  String template(String release, String namespace, HelmValues values) {
    return new Helm(DIRECTORY)
        .template()
        .withName(release)
        .withNamespace(namespace)
        .withValuesFile(values.writeTo(valuesFile()))
        .call();
  }

  /** What {@code helm install} prints after installing: the rendered NOTES.txt among it. */
  String installOutput(String release, String namespace, HelmValues values) {
    return new Helm(DIRECTORY)
        .install()
        .clientOnly()
        .dryRun()
        .withName(release)
        .withNamespace(namespace)
        .withValuesFile(values.writeTo(valuesFile()))
        .call()
        .getOutput();
  }

  /**
   * {@code helm lint --strict} of a copy of the chart whose values.yaml also holds {@code values}:
   * helm-java's lint takes no values of its own, and the chart's defaults are refused by its schema
   * on purpose (no target name, no server, no credential).
   */
  LintResult lintWith(HelmValues values) {
    try {
      Path copy = scratch.resolve("lint-" + UUID.randomUUID()).resolve("kubernetes-agent");
      copyTree(DIRECTORY, copy);
      Path overrides = values.writeTo(scratch.resolve("lint-values-" + UUID.randomUUID()));
      org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
      Map<String, Object> merged = yaml.load(Files.readString(copy.resolve("values.yaml")));
      Map<String, Object> given = yaml.load(Files.readString(overrides));
      merge(merged, given);
      // JSON is YAML, and keeps "Y" a string where a YAML dump would leave it bare (a boolean).
      Files.writeString(copy.resolve("values.yaml"), new Gson().toJson(merged));
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code helm lint --strict} of the chart as it is. */
  LintResult lint() {
    return new Helm(DIRECTORY).lint().strict().call();
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    from.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> map && into.get(key) instanceof Map<?, ?> existing) {
            merge((Map<String, Object>) existing, (Map<String, Object>) map);
          } else {
            into.put(key, value);
          }
        });
  }

  private Path valuesFile() {
    return scratch.resolve("values-" + UUID.randomUUID() + ".json");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
