package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Date;
import org.junit.jupiter.api.Test;

class TolerantJsonTest {
  @Test
  void the_tolerant_reader_takes_client_javas_own_date_and_byte_adapters_from_its_fields() {
    // a rename in a new client-java would silently bring back the slow lookup: say so here
    assertThat(TolerantJson.fromField("dateTypeAdapter"))
        .containsSame(TolerantJson.strict().getAdapter(Date.class));
    assertThat(TolerantJson.fromField("offsetDateTimeTypeAdapter"))
        .containsSame(TolerantJson.strict().getAdapter(OffsetDateTime.class));
    assertThat(TolerantJson.fromField("localDateTypeAdapter"))
        .containsSame(TolerantJson.strict().getAdapter(LocalDate.class));
    assertThat(TolerantJson.fromField("byteArrayAdapter"))
        .containsSame(TolerantJson.strict().getAdapter(byte[].class));
    assertThat(TolerantJson.fromField("noSuchAdapter")).isEmpty();
  }

  @Test
  void timestamps_read_and_write_as_client_java_does_and_unknown_or_missing_fields_are_tolerated() {
    TolerantJson.install();
    String meta =
        "{\"name\":\"p\",\"creationTimestamp\":\"2026-11-30T12:00:01.123456Z\",\"newField\":1}";

    V1ObjectMeta read = JSON.getGson().fromJson(meta, V1ObjectMeta.class);

    assertThat(read.getCreationTimestamp())
        .isEqualTo(OffsetDateTime.parse("2026-11-30T12:00:01.123456Z"));
    assertThat(JSON.getGson().toJson(read))
        .isEqualTo(TolerantJson.strict().toJson(read))
        .contains("\"2026-11-30T12:00:01.123456Z\"");
    V1ContainerStatus noImageId =
        JSON.getGson()
            .fromJson(
                "{\"name\":\"c\",\"image\":\"i\",\"ready\":true,\"restartCount\":0}",
                V1ContainerStatus.class);
    assertThat(noImageId.getImageID()).isNull();
  }
}
