package dev.k8sagent.ports.out.twins;

import dev.k8sagent.ports.out.PodCustomizers;
import dev.k8sagent.ports.out.contract.PodCustomizersContract;

class InMemoryPodCustomizersTest extends PodCustomizersContract {
  @Override
  protected PodCustomizers customizersLabelling(String projectSlug, String label, String value) {
    return new InMemoryPodCustomizers(projectSlug, label, value);
  }
}
