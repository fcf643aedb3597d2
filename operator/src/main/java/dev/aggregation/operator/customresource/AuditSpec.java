package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Audit logging: the apiserver writes events to its standard output, as kube-apiserver does with --audit-log-path=-. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditSpec(
    @JsonPropertyDescription("An audit.k8s.io/v1 Policy document (YAML); no audit logging when absent.") String policy) {}
