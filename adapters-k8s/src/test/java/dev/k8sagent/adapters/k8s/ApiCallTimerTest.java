package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiCallTimerTest {
  private final FakeApiServer server = FakeApiServer.started();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void every_request_is_told_with_its_verb_resource_and_status() throws Exception {
    ApiClient client = server.client();
    ApiCallTimer.install(
        client, (verb, resource, code, took) -> seen.add(verb + " " + resource + " " + code));
    CoreV1Api core = new CoreV1Api(client);

    core.createNamespacedSecret(
            "ns",
            new V1Secret().apiVersion("v1").kind("Secret").metadata(new V1ObjectMeta().name("s")))
        .execute();
    core.readNamespacedSecret("s", "ns").execute();
    core.listNamespacedPod("ns").execute();
    new VersionApi(client).getCode().execute();
    try {
      core.readNamespacedSecret("missing", "ns").execute();
    } catch (ApiException expected) {
      // counted as a 404
    }

    assertThat(seen)
        .containsExactly(
            "create secrets 201",
            "get secrets 200",
            "list pods 200",
            "get version 200",
            "get secrets 404");
  }

  @ParameterizedTest
  @CsvSource({
    "GET, /api/v1/namespaces/ns/pods, false, list, pods",
    "GET, /api/v1/namespaces/ns/pods, true, watch, pods",
    "GET, /api/v1/namespaces/ns/pods/p/log, false, get, pods",
    "DELETE, /api/v1/namespaces/ns/pods/p, false, delete, pods",
    "PATCH, /apis/events.k8s.io/v1/namespaces/ns/events/e, false, patch, events",
    "POST, /apis/events.k8s.io/v1/namespaces/ns/events, false, create, events",
    "GET, /apis/apps/v1/namespaces/ns/deployments/d, false, get, other",
    "GET, /INoSuchService/anything, false, list, other",
    "OPTIONS, /api/v1/nodes, false, other, nodes"
  })
  void a_path_maps_to_a_verb_and_a_resource_from_a_fixed_set(
      String method, String path, boolean watch, String verb, String resource) {
    List<String> segments = List.of(path.substring(1).split("/"));

    assertThat(ApiCallTimer.verb(method, segments, watch)).isEqualTo(verb);
    assertThat(ApiCallTimer.resource(segments)).isEqualTo(resource);
  }

  @Test
  void status_codes_outside_the_known_set_are_other() {
    assertThat(ApiCallTimer.code(429)).isEqualTo("429");
    assertThat(ApiCallTimer.code(418)).isEqualTo("other");
    assertThat(ApiCallTimer.code(599)).isEqualTo("other");
  }
}
