package dev.aggregation.operator.customresource;

/** The condition types of {@link ApiServerStatus}. */
public enum ConditionType {
  Ready,
  CertificateReady,
  DeploymentAvailable,
  APIServicesAvailable,
  Conflict
}
