package dev.aggregation.apiserver.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.machinery.ApiException;

/** The one outcome a bad request may have besides success: an {@link ApiException} with a 4xx code. */
public final class Outcomes {
  private Outcomes() {}

  public static void succeedsOrIsClientError(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      assertThat(e.status().getCode()).as("%s", e.status().getMessage()).isBetween(400, 499);
    }
  }
}
