package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed, never what it merely intended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiServerStatus(
    Long observedGeneration,
    List<Condition> conditions,
    CertificateStatus certificate,
    List<ApiServiceStatus> apiServices) {}
