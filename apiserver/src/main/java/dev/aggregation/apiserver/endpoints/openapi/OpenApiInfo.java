package dev.aggregation.apiserver.endpoints.openapi;

/** The {@code info} of the published documents: sample-apiserver says {@code Wardle}, {@code 0.1}. */
public record OpenApiInfo(String title, String version) {}
