package dev.aggregation.apiserver.server;

/** The command line cannot be used: an unknown flag, a malformed value, or values that contradict each other. */
public class FlagException extends Exception {
  public FlagException(String message) {
    super(message);
  }

  public FlagException(String message, Throwable cause) {
    super(message, cause);
  }
}
