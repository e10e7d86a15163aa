package dev.k8sagent.adapters.k8s;

import com.google.gson.JsonObject;
import dev.k8sagent.ports.out.ClusterEvents;
import dev.k8sagent.ports.out.EventNotWrittenException;
import dev.k8sagent.ports.out.EventSeries;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.EventsV1Api;
import io.kubernetes.client.openapi.models.EventsV1Event;
import io.kubernetes.client.openapi.models.EventsV1EventSeries;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * {@link ClusterEvents} through the API server's events.k8s.io/v1 Events: a series is created
 * ({@code create}) and its count and last time set by a JSON merge patch ({@code patch}), the two
 * verbs the agent's Role grants on {@code events.events.k8s.io}. Times are kept to the microsecond,
 * as the API stores them. Each write is one request, bounded by the client's read timeout, and is
 * not retried: a lost Event is better than a writer that falls behind.
 */
public final class KubernetesClusterEvents implements ClusterEvents {
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  private final ApiClient client;
  private final EventsV1Api api;
  private final ApiCalls calls;
  private final String controller;
  private final String instance;

  /**
   * @param client the API client
   * @param controller the Event's {@code reportingController}, e.g. {@code k8s-agent.dev/agent}
   * @param instance the Event's {@code reportingInstance}: the agent's pod name
   */
  public KubernetesClusterEvents(ApiClient client, String controller, String instance) {
    this(client, new ApiCalls(1, Duration.ofMillis(1)), controller, instance);
  }

  /**
   * Events whose writes wait their turn in {@code calls}' request budget, shared with every other
   * call the agent makes, so a burst of Events never pushes pod creates past the agent's rate.
   */
  public KubernetesClusterEvents(
      ApiClient client, ApiCalls calls, String controller, String instance) {
    this.calls = Objects.requireNonNull(calls, "calls");
    this.client = Objects.requireNonNull(client, "client");
    this.api = new EventsV1Api(client);
    this.controller = Objects.requireNonNull(controller, "controller");
    this.instance = Objects.requireNonNull(instance, "instance");
  }

  @Override
  public void create(EventSeries series) {
    var subject = series.event().subject();
    var reason = series.event().reason();
    EventsV1Event event =
        new EventsV1Event()
            .apiVersion("events.k8s.io/v1")
            .kind("Event")
            .metadata(new V1ObjectMeta().name(series.name()).namespace(subject.namespace()))
            .eventTime(microTime(series.first()))
            .reportingController(controller)
            .reportingInstance(instance)
            .action(reason.action())
            .reason(reason.reason())
            .type(reason.type())
            .note(series.event().note())
            .regarding(
                new V1ObjectReference()
                    .kind(subject.kind())
                    .apiVersion("v1")
                    .namespace(subject.namespace())
                    .name(subject.name()));
    if (series.count() > 1) {
      event.series(
          new EventsV1EventSeries()
              .count(series.count())
              .lastObservedTime(microTime(series.last())));
    }
    calls.takeTurn("create Event " + series.name());
    try {
      api.createNamespacedEvent(subject.namespace(), event).execute();
    } catch (ApiException e) {
      throw notWritten("create", series, e);
    }
  }

  @Override
  public void update(EventSeries series) {
    JsonObject seriesPatch = new JsonObject();
    seriesPatch.addProperty("count", series.count());
    seriesPatch.addProperty("lastObservedTime", MICRO_TIME.format(microTime(series.last())));
    JsonObject patch = new JsonObject();
    patch.add("series", seriesPatch);
    String namespace = series.event().subject().namespace();
    calls.takeTurn("update Event " + series.name());
    try {
      PatchUtils.patch(
          EventsV1Event.class,
          () ->
              api.patchNamespacedEvent(series.name(), namespace, new V1Patch(patch.toString()))
                  .buildCall(null),
          V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
          client);
    } catch (ApiException e) {
      throw notWritten("update", series, e);
    }
  }

  private static OffsetDateTime microTime(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  private static EventNotWrittenException notWritten(
      String verb, EventSeries series, ApiException e) {
    return new EventNotWrittenException(
        "Could not " + verb + " Event " + series.name() + ": " + ApiCalls.explain(e), e);
  }
}
