package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.bootstrap.plugins.ExtensionCalls.Outcome;
import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.plugins.api.AgentExtension;
import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.ScriptPod;
import dev.k8sagent.plugins.api.ScriptPodCustomizer;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.plugins.api.TaskObserver;
import dev.k8sagent.plugins.api.ToolingImageProvider;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.ToolingImages;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

/**
 * The plugins of one folder, from {@link #start()} to {@link #close()}.
 *
 * <p>Start-up loads every {@code .jar} of the folder on its own: a jar that cannot be loaded is
 * reported with its file name and skipped. The agent's version is the system version, so a plugin
 * whose {@code Plugin-Requires} it does not meet is refused (a pre-release build counts as its
 * release). Each started plugin is logged with its id, version and extensions; one that yields no
 * extension is reported. Only the plugins' own extensions are used, in plugin load order, never
 * those on the agent's class path. Each extension is configured once with its plugin's settings.
 *
 * <p>Every later call to an extension runs within {@link Options#callLimit()}: one that throws,
 * answers nothing usable or overruns is skipped for that task, and the returned notes say why so
 * the caller can put them in the task's log. Calls and failures are counted per plugin id.
 */
public final class PluginHost implements ToolingImages, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PluginHost.class.getName());

  /**
   * How the host runs plugins.
   *
   * @param folder where the plugin jars are
   * @param agentVersion checked against each plugin's {@code Plugin-Requires}
   * @param callLimit the time one extension call may take
   * @param privilegedAllowed whether the user's settings allow privileged script pods, and so a
   *     customizer may change the pod's security settings
   * @param settings a plugin id's settings (keys without the {@code k8s-agent.plugins.<id>.}
   *     prefix)
   * @param targetTags the tags this agent's deployment target is registered with: the target tags
   *     of every task it runs
   */
  public record Options(
      Path folder,
      SemanticVersion agentVersion,
      Duration callLimit,
      boolean privilegedAllowed,
      Function<String, Map<String, String>> settings,
      List<String> targetTags) {
    public Options {
      Objects.requireNonNull(folder, "folder");
      Objects.requireNonNull(agentVersion, "agentVersion");
      Objects.requireNonNull(callLimit, "callLimit");
      Objects.requireNonNull(settings, "settings");
      targetTags = List.copyOf(targetTags);
    }
  }

  /** What the plugins chose, and lines for the task's log about plugins that were skipped. */
  public record Answer<T>(T value, List<String> notes) {
    public Answer {
      Objects.requireNonNull(value, "value");
      notes = List.copyOf(notes);
    }
  }

  private final Options options;
  private final List<String> report = Collections.synchronizedList(new ArrayList<>());
  private PluginManager manager;
  private volatile Running running = Running.NONE;

  public PluginHost(Options options) {
    this.options = options;
  }

  /** Loads, configures and starts the plugins in the folder; an absent folder means none. */
  public synchronized void start() {
    if (manager != null) {
      return;
    }
    Path folder = options.folder();
    if (!Files.isDirectory(folder)) {
      say(Level.INFO, "No plugins: " + folder.toAbsolutePath() + " is not a folder");
      return;
    }
    manager = new DefaultPluginManager(folder);
    manager.setSystemVersion(
        SemanticVersion.of(
                options.agentVersion().major(),
                options.agentVersion().minor(),
                options.agentVersion().patch())
            .toString());
    for (Path jar : jarsIn(folder)) {
      load(jar);
    }
    manager.startPlugins();
    Set<String> ids = new LinkedHashSet<>();
    for (PluginWrapper plugin : manager.getPlugins()) {
      if (plugin.getPluginState().isStarted()) {
        ids.add(plugin.getPluginId());
      } else {
        say(Level.WARNING, notStarted(plugin));
      }
    }
    ExtensionCalls calls = new ExtensionCalls(options.callLimit(), ids);
    List<Extension<ToolingImageProvider>> providers = new ArrayList<>();
    List<Extension<ScriptPodCustomizer>> customizers = new ArrayList<>();
    List<Extension<TaskObserver>> observers = new ArrayList<>();
    for (String id : ids) {
      PluginContext context = new PluginContext(id, options.settings().apply(id));
      List<Extension<ToolingImageProvider>> p =
          configured(calls, context, ToolingImageProvider.class);
      List<Extension<ScriptPodCustomizer>> c =
          configured(calls, context, ScriptPodCustomizer.class);
      List<Extension<TaskObserver>> o = configured(calls, context, TaskObserver.class);
      providers.addAll(p);
      customizers.addAll(c);
      observers.addAll(o);
      PluginWrapper plugin = manager.getPlugin(id);
      String started =
          "Plugin "
              + id
              + " "
              + plugin.getDescriptor().getVersion()
              + " from "
              + plugin.getPluginPath().getFileName()
              + " started with "
              + names(p, "image provider")
              + ", "
              + names(c, "pod customizer")
              + ", "
              + names(o, "task observer");
      say(Level.INFO, started);
      if (p.isEmpty() && c.isEmpty() && o.isEmpty()) {
        say(
            Level.WARNING,
            "Plugin "
                + id
                + " offers no extension, so it does nothing: its jar has no"
                + " META-INF/extensions.idx listing an @Extension class that implements"
                + " ToolingImageProvider, ScriptPodCustomizer or TaskObserver (build it with PF4J"
                + " on the annotation processor path), or every extension failed to configure");
      }
    }
    running = new Running(calls, providers, customizers, observers);
  }

  /**
   * The image the plugins offer for {@code task}: the highest priority wins, equal priorities in
   * load order. Empty when the step names its own image or no plugin offers one.
   */
  public Answer<Optional<ImageOffer>> imageFor(TaskFacts task) {
    Running now = running;
    List<String> notes = new ArrayList<>();
    if (task.stepImage().isPresent()) {
      return new Answer<>(Optional.empty(), notes);
    }
    Optional<ImageOffer> best = Optional.empty();
    for (Extension<ToolingImageProvider> provider : now.providers()) {
      Optional<ImageOffer> offer =
          answer(
                  now.calls()
                      .call(
                          provider.pluginId(),
                          "image provider " + provider.name(),
                          () -> provider.extension().offerFor(task)),
                  notes)
              .flatMap(o -> o);
      if (offer.isPresent() && (best.isEmpty() || offer.get().priority() > best.get().priority())) {
        best = offer;
      }
    }
    return new Answer<>(best, notes);
  }

  /**
   * The pod after every customizer: each sees the previous one's result, and a result that {@link
   * PodCheck} refuses is dropped with a note, the pod staying as it was before that customizer.
   */
  public Answer<ScriptPod> customize(TaskFacts task, ScriptPod pod) {
    Running now = running;
    List<String> notes = new ArrayList<>();
    ScriptPod current = pod;
    for (Extension<ScriptPodCustomizer> customizer : now.customizers()) {
      ScriptPod given = current;
      String description = "pod customizer " + customizer.name();
      Optional<ScriptPod> changed =
          answer(
              now.calls()
                  .call(
                      customizer.pluginId(),
                      description,
                      () -> customizer.extension().customize(task, given)),
              notes);
      if (changed.isPresent()) {
        Optional<String> problem =
            PodCheck.problemWith(given, changed.get(), options.privilegedAllowed());
        if (problem.isPresent()) {
          now.calls().refused(customizer.pluginId());
          notes.add(
              "Plugin "
                  + customizer.pluginId()
                  + ": "
                  + description
                  + " was refused for this task: it "
                  + problem.get());
        } else {
          current = changed.get();
        }
      }
    }
    return new Answer<>(current, notes);
  }

  /** Tells every observer the task started in {@code image}; the notes name those that failed. */
  public List<String> started(TaskFacts task, String image) {
    return observe("started", o -> () -> o.started(task, image));
  }

  /** Tells every observer the task ended with {@code exitCode}. */
  public List<String> ended(TaskFacts task, int exitCode) {
    return observe("ended", o -> () -> o.ended(task, exitCode));
  }

  /** As {@link ToolingImages}: the offered image, with notes for the task's log. */
  @Override
  public ToolingImages.Answer answer(ImageRequest request) {
    Answer<Optional<ImageOffer>> answer =
        imageFor(TaskFactsFrom.imageRequest(request, options.targetTags()));
    return new ToolingImages.Answer(
        answer.value().map(offer -> ContainerImage.parse(offer.image())), answer.notes());
  }

  @Override
  public Optional<ContainerImage> imageFor(ImageRequest request) {
    return answer(request).image();
  }

  /** The ids of the plugins running now. */
  public synchronized List<String> started() {
    return manager == null
        ? List.of()
        : manager.getStartedPlugins().stream().map(PluginWrapper::getPluginId).toList();
  }

  /** Extension calls so far per plugin id (the ids started, each present). */
  public Map<String, Long> calls() {
    return running.calls().calls();
  }

  /** Extension calls that failed or were refused so far per plugin id. */
  public Map<String, Long> failures() {
    return running.calls().failures();
  }

  /** What start-up reported, line by line: loaded plugins, skipped jars, plugins doing nothing. */
  public List<String> report() {
    synchronized (report) {
      return List.copyOf(report);
    }
  }

  /** Stops and unloads the plugins; their extensions are no longer asked. */
  @Override
  public synchronized void close() {
    Running was = running;
    running = Running.NONE;
    was.calls().close();
    if (manager != null) {
      // one by one, last started first: PF4J's stopPlugins() and unloadPlugins() change the
      // lists they walk
      List<String> ids =
          new ArrayList<>(manager.getPlugins().stream().map(PluginWrapper::getPluginId).toList());
      Collections.reverse(ids);
      for (String id : ids) {
        try {
          if (manager.getPlugin(id).getPluginState().isStarted()) {
            manager.stopPlugin(id);
          }
          manager.unloadPlugin(id);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Plugin " + id + " did not stop cleanly: " + e.getMessage());
        }
      }
      manager = null;
    }
  }

  private void load(Path jar) {
    try {
      manager.loadPlugin(jar);
    } catch (RuntimeException e) {
      say(
          Level.WARNING,
          "Plugin jar "
              + jar.getFileName()
              + " was skipped: it could not be loaded ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "); check that it is a PF4J plugin jar with a Plugin-Id in its manifest");
    }
  }

  private static List<Path> jarsIn(Path folder) {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.jar")) {
      entries.forEach(jars::add);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list the plugins folder " + folder, e);
    }
    jars.sort(Comparator.comparing(Path::toString));
    return jars;
  }

  private <T extends AgentExtension> List<Extension<T>> configured(
      ExtensionCalls calls, PluginContext context, Class<T> type) {
    List<Extension<T>> result = new ArrayList<>();
    List<T> found;
    ClassLoader own = manager.getPlugin(context.pluginId()).getPluginClassLoader();
    try {
      // PF4J also finds the extension index of the agent's class path through the plugin's class
      // loader; only classes from the plugin's own jar belong to it
      found =
          manager.getExtensions(type, context.pluginId()).stream()
              .filter(e -> e.getClass().getClassLoader() == own)
              .toList();
    } catch (RuntimeException | LinkageError e) {
      say(
          Level.WARNING,
          "Plugin "
              + context.pluginId()
              + ": its "
              + type.getSimpleName()
              + " extensions could not be created: "
              + e);
      return result;
    }
    for (T extension : found) {
      Extension<T> candidate = new Extension<>(context.pluginId(), extension);
      Outcome<Boolean> outcome =
          calls.call(
              context.pluginId(),
              type.getSimpleName() + " " + candidate.name() + " configure",
              () -> {
                extension.configure(context);
                return true;
              });
      if (outcome instanceof Outcome.Failed<Boolean> failed) {
        say(Level.WARNING, failed.reason().replace("for this task", "until the agent restarts"));
      } else {
        result.add(candidate);
      }
    }
    return result;
  }

  private List<String> observe(String what, Function<TaskObserver, Runnable> call) {
    Running now = running;
    List<String> notes = new ArrayList<>();
    for (Extension<TaskObserver> observer : now.observers()) {
      answer(
          now.calls()
              .call(
                  observer.pluginId(),
                  "task observer " + observer.name() + " (" + what + ")",
                  () -> {
                    call.apply(observer.extension()).run();
                    return true;
                  }),
          notes);
    }
    return notes;
  }

  private static <T> Optional<T> answer(Outcome<T> outcome, List<String> notes) {
    if (outcome instanceof Outcome.Failed<T> failed) {
      notes.add(failed.reason());
      return Optional.empty();
    }
    return Optional.of(((Outcome.Answered<T>) outcome).value());
  }

  private String notStarted(PluginWrapper plugin) {
    return "Plugin "
        + plugin.getPluginId()
        + " from "
        + plugin.getPluginPath().getFileName()
        + " is not used: it is "
        + plugin.getPluginState()
        + Optional.ofNullable(plugin.getFailedException())
            .map(e -> " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")")
            .orElse(
                " (it asks for agent version '"
                    + plugin.getDescriptor().getRequires()
                    + "', this agent is "
                    + options.agentVersion()
                    + ")");
  }

  private static String names(List<? extends Extension<?>> extensions, String kind) {
    return extensions.size()
        + " "
        + kind
        + (extensions.size() == 1 ? "" : "s")
        + (extensions.isEmpty() ? "" : " " + extensions.stream().map(Extension::name).toList());
  }

  private void say(Level level, String line) {
    LOG.log(level, line);
    report.add(line);
  }

  /** An extension and the plugin it came from. */
  private record Extension<T>(String pluginId, T extension) {
    String name() {
      return extension.getClass().getName();
    }
  }

  /** The extensions in use between start and close. */
  private record Running(
      ExtensionCalls calls,
      List<Extension<ToolingImageProvider>> providers,
      List<Extension<ScriptPodCustomizer>> customizers,
      List<Extension<TaskObserver>> observers) {
    static final Running NONE =
        new Running(
            new ExtensionCalls(Duration.ofSeconds(1), Set.of()), List.of(), List.of(), List.of());
  }
}
