package dev.aggregation.e2e;

import dev.aggregation.operator.customresource.ApiServerSpec;
import dev.aggregation.operator.customresource.AuditSpec;
import dev.aggregation.operator.customresource.CertificatesSpec;
import dev.aggregation.operator.customresource.EtcdStorage;
import dev.aggregation.operator.customresource.StorageSpec;
import java.util.List;

/** The changes the tests make to a sample's spec (records: each returns a copy). */
final class Specs {
  /** Every request at Metadata level: enough for the log to name the user. */
  static final String METADATA_AUDIT_POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      rules:
        - level: Metadata
      """;

  private Specs() {}

  static ApiServerSpec withAudit(ApiServerSpec spec, String policy) {
    return new ApiServerSpec(spec.group(), spec.versions(), spec.groupPriorityMinimum(), spec.image(),
        spec.replicas(), spec.resources(), spec.storage(), spec.certificates(), new AuditSpec(policy),
        spec.authorization(), spec.nodeSelector(), spec.tolerations(), spec.affinity(), spec.priorityClassName());
  }

  /** The same etcd settings with the endpoints of this machine's etcd. */
  static ApiServerSpec withEtcdEndpoints(ApiServerSpec spec, List<String> endpoints) {
    EtcdStorage etcd = spec.storage().etcd();
    return new ApiServerSpec(spec.group(), spec.versions(), spec.groupPriorityMinimum(), spec.image(),
        spec.replicas(), spec.resources(), new StorageSpec(null, new EtcdStorage(endpoints, etcd.prefix(),
            etcd.tlsSecretName())), spec.certificates(), spec.audit(),
        spec.authorization(), spec.nodeSelector(), spec.tolerations(), spec.affinity(), spec.priorityClassName());
  }

  static ApiServerSpec withCertificates(ApiServerSpec spec, CertificatesSpec certificates) {
    return new ApiServerSpec(spec.group(), spec.versions(), spec.groupPriorityMinimum(), spec.image(),
        spec.replicas(), spec.resources(), spec.storage(), certificates, spec.audit(),
        spec.authorization(), spec.nodeSelector(), spec.tolerations(), spec.affinity(), spec.priorityClassName());
  }
}
