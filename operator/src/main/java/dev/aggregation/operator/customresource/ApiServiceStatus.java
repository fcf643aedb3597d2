package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The Available condition kube-apiserver reports on one APIService. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiServiceStatus(String name, Boolean available, String reason, String message) {}
