package dev.k8sagent.adapters.octopus.halibut.service;

/** A request whose parameters cannot be turned into a command; nothing was run. */
final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequestException(String message) {
    super(message);
  }
}
