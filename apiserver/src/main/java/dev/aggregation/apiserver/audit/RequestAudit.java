package dev.aggregation.apiserver.audit;

import dev.aggregation.apiserver.authn.UserInfo;
import java.time.Instant;

/** The audit state of one request: when it arrived, its event once the policy decided, its authorization stage. */
final class RequestAudit {
  private final Instant received;
  private volatile AuditEvent event;
  private volatile UserInfo authenticatedUser;
  private volatile boolean authorizing;
  private volatile boolean authorized;

  RequestAudit(Instant received) {
    this.received = received;
  }

  Instant received() {
    return received;
  }

  AuditEvent event() {
    return event;
  }

  void start(AuditEvent event, UserInfo authenticatedUser) {
    this.event = event;
    this.authenticatedUser = authenticatedUser;
  }

  /** True once the audit filter saw an authenticated request (even one the policy does not record). */
  boolean authenticated() {
    return authenticatedUser != null;
  }

  UserInfo authenticatedUser() {
    return authenticatedUser;
  }

  void markAuthenticated(UserInfo user) {
    this.authenticatedUser = user;
  }

  boolean authorizing() {
    return authorizing;
  }

  void markAuthorizing() {
    authorizing = true;
  }

  boolean authorized() {
    return authorized;
  }

  void markAuthorized() {
    authorized = true;
  }
}
