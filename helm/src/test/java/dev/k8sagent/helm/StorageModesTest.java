package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The three ways the shared volume is provided, and the server certificate mount. */
class StorageModesTest {
  private static final String PEM =
      "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n";

  private final AgentChart chart = new AgentChart();

  @Test
  void without_a_storage_class_an_nfs_server_serves_the_volume_through_the_csi_driver() {
    Rendered rendered = chart.render(SeedInstall.values());

    V1StatefulSet server = rendered.only(V1StatefulSet.class);
    V1Service service = rendered.only(V1Service.class);
    V1PersistentVolume volume = rendered.only(V1PersistentVolume.class);
    V1PersistentVolumeClaim claim = rendered.only(V1PersistentVolumeClaim.class);
    assertThat(server.getSpec().getServiceName()).isEqualTo(service.getMetadata().getName());
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(volume.getSpec().getCsi().getDriver()).isEqualTo("nfs.csi.k8s.io");
    assertThat(volume.getSpec().getCsi().getVolumeAttributes())
        .containsEntry("server", service.getMetadata().getName() + ".ns.svc.cluster.local");
    assertThat(volume.getSpec().getMountOptions())
        .containsExactly("nfsvers=4.1", "lookupcache=none", "soft", "timeo=50", "retrans=4");
    assertThat(volume.getSpec().getClaimRef().getName()).isEqualTo(claim.getMetadata().getName());
    assertThat(claim.getSpec().getVolumeName()).isEqualTo(volume.getMetadata().getName());
    assertThat(claim.getSpec().getStorageClassName()).isEmpty();
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(agentClaim(rendered)).isEqualTo(claim.getMetadata().getName());
    assertThat(rendered.agentEnvironment())
        .containsEntry("OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", claim.getMetadata().getName())
        .containsEntry("OCTOPUS__K8STENTACLE__ACCESSMODESJSON", "[\"ReadWriteMany\"]");
  }

  @Test
  void the_nfs_server_is_addressed_in_the_clusters_own_dns_domain() {
    Rendered rendered =
        chart.render(SeedInstall.values().with("persistence.nfs.clusterDomain", "corp.internal"));

    V1PersistentVolume volume = rendered.only(V1PersistentVolume.class);
    String service = rendered.only(V1Service.class).getMetadata().getName();
    assertThat(volume.getSpec().getCsi().getVolumeAttributes())
        .containsEntry("server", service + ".ns.svc.corp.internal");
    assertThat(volume.getSpec().getCsi().getVolumeHandle())
        .startsWith(service + ".ns.svc.corp.internal/");
  }

  @Test
  void a_storage_class_gives_a_read_write_many_claim_on_it_and_no_nfs_server() {
    Rendered rendered =
        chart.render(SeedInstall.values().with("persistence.storageClassName", "azurefile"));

    V1PersistentVolumeClaim claim = rendered.only(V1PersistentVolumeClaim.class);
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("azurefile");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(rendered.all(V1StatefulSet.class)).isEmpty();
    assertThat(rendered.all(V1PersistentVolume.class)).isEmpty();
    assertThat(agentClaim(rendered)).isEqualTo(claim.getMetadata().getName());
    assertThat(rendered.agentEnvironment())
        .containsEntry("OCTOPUS__K8STENTACLE__ACCESSMODESJSON", "[\"ReadWriteMany\"]");
  }

  @Test
  void read_write_once_gives_a_claim_on_the_default_class_and_tells_the_agent() {
    Rendered rendered =
        chart.render(SeedInstall.values().with("persistence.accessModes", "{ReadWriteOnce}"));

    V1PersistentVolumeClaim claim = rendered.only(V1PersistentVolumeClaim.class);
    assertThat(claim.getSpec().getStorageClassName()).isNull();
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(rendered.all(V1StatefulSet.class)).isEmpty();
    assertThat(rendered.agentEnvironment())
        .containsEntry("OCTOPUS__K8STENTACLE__ACCESSMODESJSON", "[\"ReadWriteOnce\"]");
    assertThat(rendered.agentDeployment().getSpec().getStrategy().getType()).isEqualTo("Recreate");
  }

  @Test
  void the_server_certificate_is_mounted_where_the_agent_reads_it_and_rolls_the_agent() {
    Rendered rendered =
        chart.render(
            SeedInstall.values()
                .with(
                    "agent.serverCertificate", Base64.getEncoder().encodeToString(PEM.getBytes())));
    Rendered without = chart.render(SeedInstall.values());

    V1VolumeMount mount = rendered.agentMount("/etc/ssl/certs/octopus-server-certificate.pem");
    V1Volume volume = rendered.agentVolume(mount.getName());
    V1ConfigMap configMap =
        rendered.named(V1ConfigMap.class, volume.getConfigMap().getName()).orElseThrow();
    assertThat(configMap.getData()).containsEntry(mount.getSubPath(), PEM);
    assertThat(annotation(rendered)).isNotEqualTo(annotation(without));
  }

  @Test
  void an_existing_certificate_secret_is_mounted_at_the_same_place() {
    Rendered rendered =
        chart.render(SeedInstall.values().with("agent.serverCertificateSecretName", "my-ca"));

    V1VolumeMount mount = rendered.agentMount("/etc/ssl/certs/octopus-server-certificate.pem");
    assertThat(rendered.agentVolume(mount.getName()).getSecret().getSecretName())
        .isEqualTo("my-ca");
    assertThat(mount.getSubPath()).isEqualTo("octopus-server-certificate.pem");
  }

  private static String annotation(Rendered rendered) {
    return rendered
        .agentDeployment()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("checksum/server-certificate");
  }

  private static String agentClaim(Rendered rendered) {
    return rendered
        .agentVolume(rendered.agentMount("/octopus").getName())
        .getPersistentVolumeClaim()
        .getClaimName();
  }
}
