package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServerSpec;
import dev.aggregation.operator.customresource.ServedVersion;

/** The values an ApiServer gets for the optional fields it leaves out. */
public final class Defaults {
  public static final int REPLICAS = 1;
  /** What kube-apiserver's own aggregated examples (sample-apiserver, metrics-server) use. */
  public static final int GROUP_PRIORITY_MINIMUM = 1000;

  public static final int VERSION_PRIORITY = 15;
  public static final String VOLUME_SIZE = "1Gi";

  private Defaults() {}

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
