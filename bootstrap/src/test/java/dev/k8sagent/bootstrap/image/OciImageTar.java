package dev.k8sagent.bootstrap.image;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An image tar as {@code jib:buildTar} writes it (an OCI layout: {@code index.json}, manifests,
 * configs and layers under {@code blobs/sha256}), opened with the host's {@code tar}. Gives the
 * image's run configuration and unpacks its layers into a root filesystem, as a container runtime
 * would.
 */
final class OciImageTar {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  /** What the image's config says about running it. */
  record RunConfig(
      List<String> command,
      Map<String, String> environment,
      String user,
      String workingDirectory,
      Map<String, String> labels) {}

  private final Path layout;
  private final JsonObject manifest;
  private final JsonObject config;

  private OciImageTar(Path layout, JsonObject manifest, JsonObject config) {
    this.layout = layout;
    this.manifest = manifest;
    this.config = config;
  }

  /** Extracts {@code imageTar} into {@code layout} and reads its single manifest and config. */
  static OciImageTar open(Path imageTar, Path layout) throws IOException, InterruptedException {
    Files.createDirectories(layout);
    run(List.of("tar", "-xf", imageTar.toString(), "-C", layout.toString()));
    JsonArray manifests = json(layout.resolve("index.json")).getAsJsonArray("manifests");
    if (manifests.size() != 1) {
      throw new IllegalStateException(
          imageTar + " holds " + manifests.size() + " images; expected the one for this machine");
    }
    JsonObject manifest = json(blob(layout, manifests.get(0).getAsJsonObject()));
    JsonObject config = json(blob(layout, manifest.getAsJsonObject("config")));
    return new OciImageTar(layout, manifest, config);
  }

  RunConfig runConfig() {
    JsonObject run = config.getAsJsonObject("config");
    List<String> command = new ArrayList<>(strings(run.get("Entrypoint")));
    command.addAll(strings(run.get("Cmd")));
    Map<String, String> environment = new TreeMap<>();
    for (String entry : strings(run.get("Env"))) {
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new IllegalStateException("Env entry without a name: " + entry);
      }
      environment.put(entry.substring(0, equals), entry.substring(equals + 1));
    }
    Map<String, String> labels = new TreeMap<>();
    Optional.ofNullable(run.getAsJsonObject("Labels"))
        .ifPresent(
            l -> l.entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString())));
    return new RunConfig(
        List.copyOf(command),
        environment,
        text(run, "User"),
        Optional.ofNullable(text(run, "WorkingDir")).filter(d -> !d.isEmpty()).orElse("/"),
        labels);
  }

  /**
   * Unpacks every layer, bottom first, into {@code root} keeping owners and modes. Refuses
   * whiteouts (files deleted by an upper layer): Jib's layers only add files.
   */
  void unpackInto(Path root) throws IOException, InterruptedException {
    Files.createDirectories(root);
    for (JsonElement layer : manifest.getAsJsonArray("layers")) {
      Path blob = blob(layout, layer.getAsJsonObject());
      refuseLinkedParents(root, run(List.of("tar", "-tzf", blob.toString())));
      run(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "--numeric-owner",
              "-xzf",
              blob.toString(),
              "-C",
              root.toString()));
    }
    try (Stream<Path> files = Files.walk(root)) {
      Optional<Path> whiteout =
          files.filter(f -> f.getFileName().toString().startsWith(".wh.")).findFirst();
      if (whiteout.isPresent()) {
        throw new IllegalStateException(
            "Layer whiteout " + whiteout.get() + " found; this unpacker only adds files");
      }
    }
  }

  /**
   * tar follows a link it meets on the way to an entry, and lower layers hold absolute links
   * ({@code /var/run -> /run}) that point out of the root into the host: refuse an entry below one.
   */
  private static void refuseLinkedParents(Path root, String entries) {
    for (String entry : entries.split("\n")) {
      Path parent = root;
      Path relative = Path.of(entry.replaceFirst("^(\\./)+", "")).getParent();
      for (int i = 0; relative != null && i < relative.getNameCount(); i++) {
        parent = parent.resolve(relative.getName(i));
        if (Files.isSymbolicLink(parent)) {
          throw new IllegalStateException(
              "Layer entry "
                  + entry
                  + " lies below the link "
                  + parent
                  + "; refusing to follow it");
        }
      }
    }
  }

  private static Path blob(Path layout, JsonObject descriptor) {
    String digest = descriptor.get("digest").getAsString();
    if (!DIGEST.matcher(digest).matches()) {
      throw new IllegalStateException("Not a sha256 digest: " + digest);
    }
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static String text(JsonObject object, String member) {
    JsonElement value = object.get(member);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }

  private static List<String> strings(JsonElement array) {
    if (array == null || array.isJsonNull()) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    array.getAsJsonArray().forEach(v -> values.add(v.getAsString()));
    return values;
  }

  /** Runs {@code command} and returns the first 16 MiB it printed. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readNBytes(16 << 20);
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed ("
              + process.exitValue()
              + "): "
              + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }
}
