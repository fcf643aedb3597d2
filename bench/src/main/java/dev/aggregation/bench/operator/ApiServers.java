package dev.aggregation.bench.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * ApiServer resources as the bench writes and reads them: untyped (the bench does not link the operator, it runs
 * its jar), shaped like a sample of config/samples.
 */
final class ApiServers {
  static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup("aggregation.dev").withVersion("v1alpha1").withKind("ApiServer").withPlural("apiservers")
      .withNamespaced(true).build();

  private final String sampleYaml;

  private ApiServers(String sampleYaml) {
    this.sampleYaml = sampleYaml;
  }

  static ApiServers fromSample(Path sample) throws IOException {
    return new ApiServers(Files.readString(sample));
  }

  /**
   * The sample as the {@code index}th ApiServer: its own name and its own group (one ApiServer per group/version,
   * or the operator refuses the second with Conflict=True), everything else as in the sample.
   */
  @SuppressWarnings("unchecked")
  GenericKubernetesResource numbered(String namespace, int index) {
    GenericKubernetesResource apiServer = Serialization.unmarshal(sampleYaml, GenericKubernetesResource.class);
    String name = apiServer.getMetadata().getName() + "-" + index;
    apiServer.getMetadata().setName(name);
    apiServer.getMetadata().setNamespace(namespace);
    Map<String, Object> spec = (Map<String, Object>) apiServer.getAdditionalProperties().get("spec");
    spec.put("group", "g" + index + "." + spec.get("group"));
    return apiServer;
  }

  /** Whether the status holds {@code Ready=True}. */
  @SuppressWarnings("unchecked")
  static boolean isReady(GenericKubernetesResource apiServer) {
    Object conditions = apiServer.get("status", "conditions");
    if (!(conditions instanceof List<?> list)) {
      return false;
    }
    return list.stream().map(c -> (Map<String, Object>) c)
        .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
  }
}
