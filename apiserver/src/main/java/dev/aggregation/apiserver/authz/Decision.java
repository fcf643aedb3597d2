package dev.aggregation.apiserver.authz;

/** An authorizer's answer; {@code reason} is appended to a 403 message when not empty. */
public record Decision(Verdict verdict, String reason) {
  public enum Verdict { ALLOW, DENY, NO_OPINION }

  public static Decision allow(String reason) {
    return new Decision(Verdict.ALLOW, reason);
  }

  public static Decision deny(String reason) {
    return new Decision(Verdict.DENY, reason);
  }

  public static Decision noOpinion() {
    return new Decision(Verdict.NO_OPINION, "");
  }
}
