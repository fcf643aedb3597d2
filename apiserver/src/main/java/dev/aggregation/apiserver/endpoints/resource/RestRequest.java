package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestContext;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.GoLiteral;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** One resource request as the handlers see it: its URL attributes, query, body, user and pending warnings. */
final class RestRequest {
  private final RoutingContext ctx;
  private final RequestInfo info;
  private final List<String> warnings = new ArrayList<>();

  RestRequest(RoutingContext ctx) {
    this.ctx = ctx;
    this.info = RequestContext.requestInfo(ctx).orElse(null);
  }

  RoutingContext routingContext() {
    return ctx;
  }

  RequestInfo info() {
    return info;
  }

  String namespace() {
    return info.namespace();
  }

  String name() {
    return info.name();
  }

  UserInfo user() {
    return RequestContext.user(ctx).orElseGet(() -> UserInfo.of(UserInfo.ANONYMOUS, List.of(UserInfo.UNAUTHENTICATED)));
  }

  String query(String name) {
    return ctx.request().getParam(name);
  }

  boolean queryFlag(String name) {
    String value = query(name);
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }

  byte[] body() {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    return body == null ? new byte[0] : body.getBytes();
  }

  String contentType() {
    return ctx.request().getHeader("Content-Type");
  }

  String accept() {
    return ctx.request().getHeader("Accept");
  }

  boolean pretty() {
    return queryFlag("pretty");
  }

  /**
   * The dryRun parameter: only {@code All} is valid; {@code optionsKind} names the options type in the 422
   * (CreateOptions, UpdateOptions, PatchOptions, DeleteOptions).
   */
  boolean dryRun(String optionsKind) {
    List<String> values = ctx.queryParam("dryRun");
    if (values.stream().anyMatch(value -> !value.equals("All"))) {
      // ValidateDryRun reports the whole []string, as Go prints it
      throw ApiErrors.invalid(
          optionsKind, "meta.k8s.io", "", List.of(FieldError.notSupported("dryRun", GoLiteral.stringSlice(values), List.of("All"))));
    }
    return !values.isEmpty();
  }

  /** The fieldManager parameter, else the User-Agent's program name as Kubernetes derives it. */
  String fieldManager(String optionsKind) {
    String manager = query("fieldManager");
    if (manager != null && !manager.isEmpty()) {
      if (manager.length() > 128) {
        throw ApiErrors.invalid(optionsKind, "meta.k8s.io", "", List.of(FieldError.invalid("fieldManager", manager, "must be less than 128 characters")));
      }
      for (char c : manager.toCharArray()) {
        if (c < 0x20 || c > 0x7e) {
          throw ApiErrors.invalid(optionsKind, "meta.k8s.io", "", List.of(FieldError.invalid("fieldManager", manager, "must only contain printable characters")));
        }
      }
      return manager;
    }
    String agent = ctx.request().getHeader("User-Agent");
    if (agent == null || agent.isEmpty()) {
      return "unknown";
    }
    String program = agent.split("/", 2)[0];
    return program.length() > 128 ? program.substring(0, 128) : program;
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  void warnAll(List<String> more) {
    warnings.addAll(more);
  }

  List<String> warnings() {
    return warnings;
  }
}
