package dev.k8sagent.bootstrap.health;

/** One scrape's answer: the body and the content type of the format it is written in. */
public record Exposition(String contentType, byte[] body) {}
