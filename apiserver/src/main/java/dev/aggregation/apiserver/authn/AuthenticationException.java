package dev.aggregation.apiserver.authn;

/**
 * Credentials were presented but are not valid (a certificate that fails verification, a rejected token): the
 * request gets 401 and is never treated as anonymous. The message is logged, never sent to the client.
 */
public class AuthenticationException extends Exception {
  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
