package dev.k8sagent.adapters.octopus.halibut.message;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import java.util.Objects;
import java.util.Optional;

/**
 * The error of a response. {@code halibutErrorType} names a Halibut exception type the server
 * rebuilds (which decides whether it retries); both texts are always sent as strings because the
 * server inspects them.
 */
public record ServerError(String message, String details, Optional<String> halibutErrorType) {
  public static final String SERVICE_NOT_FOUND =
      "Halibut.Exceptions.ServiceNotFoundHalibutClientException";
  public static final String METHOD_NOT_FOUND =
      "Halibut.Exceptions.MethodNotFoundHalibutClientException";
  private static final String INVOCATION_PREFIX =
      "System.Reflection.TargetInvocationException: Exception has been thrown by the target of an"
          + " invocation.";

  public ServerError {
    Objects.requireNonNull(message, "message");
    details = details == null ? "" : details;
    Objects.requireNonNull(halibutErrorType, "halibutErrorType");
  }

  public static ServerError serviceNotFound(String service) {
    return new ServerError(
        "Service not found: " + service,
        "The k8s-agent does not serve " + service,
        Optional.of(SERVICE_NOT_FOUND));
  }

  public static ServerError methodNotFound(String service, String method) {
    return new ServerError(
        "Service " + service + "::" + method + " not found",
        "The k8s-agent's " + service + " has no method " + method,
        Optional.of(METHOD_NOT_FOUND));
  }

  /**
   * A use case failed: shaped like .NET's invocation failure so the server does not retry what
   * would fail again.
   */
  public static ServerError invocationFailed(String what, Throwable cause) {
    String text =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ServerError(
        text,
        INVOCATION_PREFIX + " ---> " + cause.getClass().getName() + ": " + text + " (" + what + ")",
        Optional.empty());
  }

  /**
   * Something that may pass on a retry failed (storage, cluster): a plain error, which the server
   * retries.
   */
  public static ServerError transientFailure(String what, Throwable cause) {
    String text =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ServerError(
        what + " failed: " + text, cause.getClass().getName() + ": " + text, Optional.empty());
  }

  /** The request could not be read (bad field, refused type): nothing was run. */
  public static ServerError badRequest(String reason) {
    return new ServerError(
        reason, INVOCATION_PREFIX + " ---> dev.k8sagent.BadRequest: " + reason, Optional.empty());
  }

  BsonDocument toBson() {
    return new BsonDocument()
        .put("message", message)
        .put("details", details)
        .putOptional("HalibutErrorType", halibutErrorType);
  }

  static ServerError fromBson(BsonDocument document) {
    return new ServerError(
        document.string("message").orElse(""),
        document.string("details").orElse(""),
        document.string("HalibutErrorType"));
  }
}
