package dev.aggregation.apiserver.machinery;

/**
 * Thrown by the {@code ...WithoutBlocking} variants of a step (authentication, authorization, a read) when
 * answering would mean waiting: a remote review, a store round trip, a cache catching up. The step has done
 * nothing; the caller runs the blocking variant on a worker thread instead. A signal, not a failure: checked, so
 * no catch of runtime errors takes it for one, and without a stack trace, since it is part of normal flow.
 */
public final class WouldBlock extends Exception {
  public WouldBlock(String what) {
    super(what, null, false, false);
  }

  /** Code that both variants of a step share, given either; it may throw {@code E} besides. */
  @FunctionalInterface
  public interface Shared<T, E extends Exception> {
    T run() throws WouldBlock, E;
  }

  /**
   * Runs {@code shared} with the blocking variant, which never refuses to block: the one place that says so, for
   * every step that writes its logic once for both variants.
   */
  public static <T, E extends Exception> T blocking(Shared<T, E> shared) throws E {
    try {
      return shared.run();
    } catch (WouldBlock impossible) {
      throw new IllegalStateException("the blocking variant of a step refused to block", impossible);
    }
  }
}
