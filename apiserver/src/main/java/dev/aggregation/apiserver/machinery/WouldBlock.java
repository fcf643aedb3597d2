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
}
