package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServerSpec;
import dev.aggregation.operator.customresource.ServedVersion;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/** The values an ApiServer gets for the optional fields it leaves out. */
public final class Defaults {
  public static final int REPLICAS = 1;
  /** What kube-apiserver's own aggregated examples (sample-apiserver, metrics-server) use. */
  public static final int GROUP_PRIORITY_MINIMUM = 1000;

  public static final int VERSION_PRIORITY = 15;
  public static final String VOLUME_SIZE = "1Gi";

  /**
   * The apiserver container's resources when the ApiServer names none. The memory limit is what the image's
   * jvm.options size the heap from (half of it), and what `make bench` measures the apiserver under: about
   * 190 MiB resident with 10,000 objects and 1,000 watches (docs/benchmarks.md). No CPU limit: throttling an
   * apiserver turns every spike into latency for all its clients.
   */
  public static final ResourceRequirements RESOURCES = new ResourceRequirementsBuilder()
      .addToRequests("cpu", new Quantity("100m"))
      .addToRequests("memory", new Quantity("256Mi"))
      .addToLimits("memory", new Quantity("512Mi"))
      .build();

  private Defaults() {}

  public static ResourceRequirements resources(ApiServerSpec spec) {
    return spec.resources() == null ? new ResourceRequirementsBuilder(RESOURCES).build() : spec.resources();
  }

  public static int replicas(ApiServerSpec spec) {
    return spec.replicas() == null ? REPLICAS : spec.replicas();
  }

  public static int groupPriorityMinimum(ApiServerSpec spec) {
    return spec.groupPriorityMinimum() == null ? GROUP_PRIORITY_MINIMUM : spec.groupPriorityMinimum();
  }

  public static int versionPriority(ServedVersion version) {
    return version.priority() == null ? VERSION_PRIORITY : version.priority();
  }

  public static String image(ApiServerSpec spec, String operatorDefault) {
    return spec.image() == null || spec.image().isBlank() ? operatorDefault : spec.image();
  }

  public static String etcdPrefix(ApiServerSpec spec) {
    String prefix = spec.storage().etcd().prefix();
    return prefix == null || prefix.isBlank() ? "/registry/" + spec.group() : prefix;
  }

  public static String volumeSize(ApiServerSpec spec) {
    String size = spec.storage().embedded().size();
    return size == null || size.isBlank() ? VOLUME_SIZE : size;
  }

  public static boolean embeddedStorage(ApiServerSpec spec) {
    return spec.storage() != null && spec.storage().embedded() != null;
  }

  public static boolean auditPolicy(ApiServerSpec spec) {
    return spec.audit() != null && spec.audit().policy() != null && !spec.audit().policy().isBlank();
  }
}
