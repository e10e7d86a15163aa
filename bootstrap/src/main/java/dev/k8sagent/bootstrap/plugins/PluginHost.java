package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.bootstrap.plugins.ExtensionCalls.Outcome;
import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ExitCode;
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
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodCustomizers;
import dev.k8sagent.ports.out.TaskObservers;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
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
 * <p>Each plugin's {@code start()} hook, and its {@code stop()} hook on {@link #close()}, runs
 * within {@link Options#lifecycleLimit()}: a plugin whose hook hangs is reported, left behind and
 * not used, and the agent's start or shutdown goes on with the others.
 *
 * <p>Every later call to an extension runs within {@link Options#callLimit()}: one that throws,
 * answers nothing usable or overruns is skipped for that task, and the returned notes say why so
 * the caller can put them in the task's log. Calls and failures are counted per plugin id.
 *
 * <p>To the core the host is three outbound ports: {@link ToolingImages} (the image providers),
 * {@link PodCustomizers} (the pod customizers, each answer checked by {@link PodCheck}) and {@link
 * TaskObservers} (the task observers, told on a thread of their own through {@link
 * ObserverDelivery}, so a task never waits for them).
 */
public final class PluginHost
    implements ToolingImages, PodCustomizers, TaskObservers, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PluginHost.class.getName());
  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /**
   * How the host runs plugins.
   *
   * @param folder where the plugin jars are
   * @param agentVersion checked against each plugin's {@code Plugin-Requires}
   * @param callLimit the time one extension call may take
   * @param lifecycleLimit the time each plugin's start hook, and later its stop hook, may take
   * @param settings a plugin id's settings (keys without the {@code k8s-agent.plugins.<id>.}
   *     prefix)
   * @param targetTags the tags this agent's deployment target is registered with: the target tags
   *     of every task it runs
   */
  public record Options(
      Path folder,
      SemanticVersion agentVersion,
      Duration callLimit,
      Duration lifecycleLimit,
      Function<String, Map<String, String>> settings,
      List<String> targetTags) {
    public Options {
      Objects.requireNonNull(folder, "folder");
      Objects.requireNonNull(agentVersion, "agentVersion");
      Objects.requireNonNull(callLimit, "callLimit");
      Objects.requireNonNull(lifecycleLimit, "lifecycleLimit");
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
  private final Set<String> leftBehind = new LinkedHashSet<>();
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
    List<String> resolved =
        manager.getResolvedPlugins().stream().map(PluginWrapper::getPluginId).toList();
    List<String> returned =
        new PluginHooks(options.lifecycleLimit())
            .run("start", resolved, manager::startPlugin, line -> say(Level.WARNING, line));
    resolved.stream().filter(id -> !returned.contains(id)).forEach(leftBehind::add);
    Set<String> ids = new LinkedHashSet<>();
    for (PluginWrapper plugin : manager.getPlugins()) {
      if (leftBehind.contains(plugin.getPluginId())) {
        continue;
      }
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
    running =
        new Running(
            calls,
            providers,
            customizers,
            observers.stream().map(o -> new Observer(o, new AtomicBoolean())).toList(),
            observers.isEmpty() ? Optional.empty() : Optional.of(new ObserverDelivery()));
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
              .flatMap(o -> o)
              .filter(o -> usable(provider, o, now.calls(), notes));
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
        Optional<String> problem = PodCheck.problemWith(given, changed.get());
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

  /**
   * As {@link PodCustomizers}: what the customizers add to the pod the adapter would build, with
   * notes for the task's log about those skipped or refused.
   */
  @Override
  public PodCustomizers.Answer additionsFor(PodRequest request) {
    ScriptPod shown = PodModels.podOf(request.pod());
    Answer<ScriptPod> answer =
        customize(TaskFactsFrom.podRequest(request, options.targetTags()), shown);
    return new PodCustomizers.Answer(PodModels.additions(shown, answer.value()), answer.notes());
  }

  /** As {@link TaskObservers}: queues telling every observer; returns at once. */
  @Override
  public void started(ImageRequest task, ContainerImage image) {
    TaskFacts facts = TaskFactsFrom.imageRequest(task, options.targetTags());
    observe("started", o -> () -> o.started(facts, image.reference()));
  }

  /** As {@link TaskObservers}: queues telling every observer; returns at once. */
  @Override
  public void ended(ImageRequest task, ExitCode exitCode) {
    TaskFacts facts = TaskFactsFrom.imageRequest(task, options.targetTags());
    observe("ended", o -> () -> o.ended(facts, exitCode.value()));
  }

  /** As {@link ToolingImages}: the offered image and how it is pulled, with notes for the log. */
  @Override
  public ToolingImages.Answer answer(ImageRequest request) {
    Answer<Optional<ImageOffer>> answer =
        imageFor(TaskFactsFrom.imageRequest(request, options.targetTags()));
    Optional<ImageOffer> offer = answer.value();
    return new ToolingImages.Answer(
        offer.map(o -> ContainerImage.parse(o.image())),
        answer.notes(),
        offer.map(o -> PodAdditions.PullPolicy.valueOf(o.pullPolicy().name())),
        offer.map(ImageOffer::pullSecrets).orElse(List.of()));
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

  /** Task events not handed to the observers because their queue was full, since start. */
  public long observerEventsDropped() {
    return running.delivery().map(ObserverDelivery::dropped).orElse(0L);
  }

  /** What start-up reported, line by line: loaded plugins, skipped jars, plugins doing nothing. */
  public List<String> report() {
    synchronized (report) {
      return List.copyOf(report);
    }
  }

  /**
   * Stops and unloads the plugins, last started first, within {@link Options#lifecycleLimit()};
   * their extensions are no longer asked. A plugin whose start or stop hook never returned is left
   * as it is.
   */
  @Override
  public synchronized void close() {
    Running was = running;
    running = Running.NONE;
    was.delivery().ifPresent(ObserverDelivery::close);
    was.calls().close();
    if (manager == null) {
      return;
    }
    PluginManager plugins = manager;
    manager = null;
    // one by one: PF4J's stopPlugins() and unloadPlugins() change the lists they walk
    List<String> ids =
        new ArrayList<>(plugins.getPlugins().stream().map(PluginWrapper::getPluginId).toList());
    ids.removeAll(leftBehind);
    Collections.reverse(ids);
    List<String> toStop =
        ids.stream().filter(id -> plugins.getPlugin(id).getPluginState().isStarted()).toList();
    List<String> stopped =
        new PluginHooks(options.lifecycleLimit())
            .run("stop", toStop, plugins::stopPlugin, line -> say(Level.WARNING, line));
    for (String id : ids) {
      if (toStop.contains(id) && !stopped.contains(id)) {
        continue;
      }
      try {
        plugins.unloadPlugin(id);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Plugin " + id + " did not unload cleanly: " + e.getMessage());
      }
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

  /**
   * Queues telling every observer; on the delivery thread each is called within the call limit, and
   * one whose earlier call has not returned yet is skipped, so a hung observer holds one call
   * thread at most. What failed goes to the agent's log: the task may be long gone.
   */
  private void observe(String what, Function<TaskObserver, Runnable> call) {
    Running now = running;
    now.delivery()
        .ifPresent(
            delivery ->
                delivery.offer(
                    () -> {
                      for (Observer observer : now.observers()) {
                        tell(now.calls(), observer, what, call).ifPresent(this::warn);
                      }
                    }));
  }

  private static Optional<String> tell(
      ExtensionCalls calls, Observer observer, String what, Function<TaskObserver, Runnable> call) {
    Extension<TaskObserver> extension = observer.extension();
    String description = "task observer " + extension.name() + " (" + what + ")";
    if (!observer.busy().compareAndSet(false, true)) {
      calls.refused(extension.pluginId());
      return Optional.of(
          "Plugin "
              + extension.pluginId()
              + ": "
              + description
              + " was not called: its earlier call has not returned yet");
    }
    Outcome<Boolean> outcome =
        calls.call(
            extension.pluginId(),
            description,
            () -> {
              try {
                call.apply(extension.extension()).run();
                return true;
              } finally {
                observer.busy().set(false);
              }
            });
    if (outcome instanceof Outcome.Failed<Boolean> failed) {
      if (failed.neverRan()) {
        observer.busy().set(false);
      }
      return Optional.of(failed.reason());
    }
    return Optional.empty();
  }

  private void warn(String line) {
    LOG.log(Level.WARNING, line);
  }

  /**
   * Whether {@code offer} can be used: an image reference the agent can parse and pull secret names
   * Kubernetes accepts; a note says why not.
   */
  private static boolean usable(
      Extension<ToolingImageProvider> provider,
      ImageOffer offer,
      ExtensionCalls calls,
      List<String> notes) {
    String problem = null;
    try {
      ContainerImage.parse(offer.image());
    } catch (IllegalArgumentException e) {
      problem = "offered an image the agent cannot use: " + e.getMessage();
    }
    Optional<String> badSecret =
        offer.pullSecrets().stream().filter(n -> !SECRET_NAME.matcher(n).matches()).findFirst();
    if (problem == null && badSecret.isPresent()) {
      String shown = badSecret.get();
      problem =
          "offered pull secret '"
              + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown)
              + "', not a Kubernetes secret name";
    }
    if (problem == null) {
      return true;
    }
    calls.refused(provider.pluginId());
    notes.add(
        "Plugin "
            + provider.pluginId()
            + ": image provider "
            + provider.name()
            + " was refused for this task: it "
            + problem);
    return false;
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

  /** A task observer, and whether a call to it has not returned yet. */
  private record Observer(Extension<TaskObserver> extension, AtomicBoolean busy) {}

  /** The extensions in use between start and close. */
  private record Running(
      ExtensionCalls calls,
      List<Extension<ToolingImageProvider>> providers,
      List<Extension<ScriptPodCustomizer>> customizers,
      List<Observer> observers,
      Optional<ObserverDelivery> delivery) {
    static final Running NONE =
        new Running(
            new ExtensionCalls(Duration.ofSeconds(1), Set.of()),
            List.of(),
            List.of(),
            List.of(),
            Optional.empty());
  }
}
