package dev.k8sagent.adapters.k8s.fake;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the kubelet for pods stored in a {@link FakeApiServer}: moves each pod through Pending
 * (scheduled, pulling) → Running → Succeeded/Failed with its script container's exit code, or keeps
 * it failing to pull its image, and writes the events a real node would. What each pod does is set
 * per script ticket; a pod without a behaviour exits 0.
 */
public final class SimulatedKubelet implements AutoCloseable {
  /** What a pod does once it exists. An empty exit code runs until the pod is deleted. */
  public record Behaviour(
      Duration pending, Duration running, OptionalInt exitCode, Optional<String> pullError) {
    public static Behaviour exiting(int code) {
      return new Behaviour(
          Duration.ofMillis(100), Duration.ofMillis(200), OptionalInt.of(code), Optional.empty());
    }

    public static Behaviour runningUntilStopped() {
      return new Behaviour(
          Duration.ofMillis(100), Duration.ZERO, OptionalInt.empty(), Optional.empty());
    }

    public static Behaviour failingToPull(String message) {
      return new Behaviour(Duration.ZERO, Duration.ZERO, OptionalInt.empty(), Optional.of(message));
    }
  }

  private enum Phase {
    NEW,
    PENDING,
    PULL_FAILED,
    RUNNING,
    DONE
  }

  private final CoreV1Api api;
  private final String namespace;
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final Map<String, Phase> phases = new ConcurrentHashMap<>();
  private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
  private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
  private final AtomicInteger eventCount = new AtomicInteger();
  private final Thread loop;
  private volatile boolean running = true;
  private volatile boolean paused;

  public SimulatedKubelet(ApiClient client, String namespace) {
    client.addDefaultHeader(FakeApiServer.KUBELET_HEADER, "1"); // not counted as the agent's
    this.api = new CoreV1Api(client);
    this.namespace = namespace;
    this.loop = new Thread(this::run, "simulated-kubelet");
    loop.setDaemon(true);
    loop.start();
  }

  /** What the pod of the task with this ticket does. */
  public void behave(String ticket, Behaviour behaviour) {
    behaviours.put(ticket.toLowerCase(java.util.Locale.ROOT), behaviour);
  }

  /** Stops moving pods on (a node that is slow or cut off). */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  private void run() {
    while (running) {
      if (!paused) {
        try {
          for (V1Pod pod : api.listNamespacedPod(namespace).execute().getItems()) {
            step(pod);
          }
        } catch (ApiException | RuntimeException e) {
          // the server may be failing calls on purpose; try again next round
        }
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void step(V1Pod pod) throws ApiException {
    String name = pod.getMetadata().getName();
    String uid = name + "/" + pod.getMetadata().getUid();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String ticket =
        annotations == null ? "" : annotations.getOrDefault("agent.k8sagent.dev/script-ticket", "");
    Behaviour behaviour =
        behaviours.getOrDefault(ticket.toLowerCase(java.util.Locale.ROOT), Behaviour.exiting(0));
    long now = System.nanoTime();
    long seen = firstSeen.computeIfAbsent(uid, k -> now);
    Phase phase = phases.getOrDefault(uid, Phase.NEW);
    String image = pod.getSpec().getContainers().get(0).getImage();
    switch (phase) {
      case NEW -> {
        event(
            pod,
            "Scheduled",
            "Successfully assigned " + namespace + "/" + name + " to node-1",
            false);
        event(pod, "Pulling", "Pulling image \"" + image + "\"", false);
        if (behaviour.pullError().isPresent()) {
          setStatus(pod, "Pending", waiting("ErrImagePull", behaviour.pullError().get()));
          event(pod, "Failed", behaviour.pullError().get(), true);
          phases.put(uid, Phase.PULL_FAILED);
        } else {
          setStatus(pod, "Pending", waiting("ContainerCreating", ""));
          phases.put(uid, Phase.PENDING);
        }
      }
      case PENDING -> {
        if (now - seen >= behaviour.pending().toNanos()) {
          event(pod, "Started", "Started container " + name, false);
          setStatus(
              pod,
              "Running",
              new V1ContainerState()
                  .running(
                      new V1ContainerStateRunning().startedAt(OffsetDateTime.now(ZoneOffset.UTC))));
          startedAt.put(uid, now);
          phases.put(uid, Phase.RUNNING);
        }
      }
      case RUNNING -> {
        if (behaviour.exitCode().isPresent()
            && now - startedAt.get(uid) >= behaviour.running().toNanos()) {
          int code = behaviour.exitCode().getAsInt();
          setStatus(
              pod,
              code == 0 ? "Succeeded" : "Failed",
              new V1ContainerState()
                  .terminated(
                      new V1ContainerStateTerminated()
                          .exitCode(code)
                          .reason(code == 0 ? "Completed" : "Error")));
          phases.put(uid, Phase.DONE);
        }
      }
      default -> {
        // stays as it is
      }
    }
  }

  private static V1ContainerState waiting(String reason, String message) {
    return new V1ContainerState()
        .waiting(new V1ContainerStateWaiting().reason(reason).message(message));
  }

  private void setStatus(V1Pod pod, String phase, V1ContainerState state) throws ApiException {
    V1Pod fresh = api.readNamespacedPod(pod.getMetadata().getName(), namespace).execute();
    fresh.status(
        new V1PodStatus()
            .phase(phase)
            .containerStatuses(
                List.of(
                    new V1ContainerStatus()
                        .name(pod.getMetadata().getName())
                        .image(pod.getSpec().getContainers().get(0).getImage())
                        .imageID("")
                        .ready(state.getRunning() != null)
                        .restartCount(0)
                        .state(state))));
    api.replaceNamespacedPod(pod.getMetadata().getName(), namespace, fresh).execute();
  }

  private void event(V1Pod pod, String reason, String message, boolean warning)
      throws ApiException {
    String name = pod.getMetadata().getName();
    api.createNamespacedEvent(
            namespace,
            new CoreV1Event()
                .apiVersion("v1")
                .kind("Event")
                .metadata(
                    new V1ObjectMeta()
                        .name(name + "." + eventCount.incrementAndGet())
                        .namespace(namespace))
                .involvedObject(
                    new V1ObjectReference()
                        .kind("Pod")
                        .name(name)
                        .namespace(namespace)
                        .uid(pod.getMetadata().getUid()))
                .reason(reason)
                .message(message)
                .type(warning ? "Warning" : "Normal")
                .lastTimestamp(OffsetDateTime.now(ZoneOffset.UTC)))
        .execute();
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
  }
}
