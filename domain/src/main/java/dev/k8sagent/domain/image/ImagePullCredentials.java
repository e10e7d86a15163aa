package dev.k8sagent.domain.image;

import dev.k8sagent.domain.Require;

/**
 * Credentials for a private image feed, as the server sends them with a step's container image. The
 * password never appears in {@link #toString()}.
 */
public record ImagePullCredentials(String feedUrl, String username, String password) {
  public ImagePullCredentials {
    Require.nonBlank(feedUrl, "Feed URL");
    Require.nonBlank(username, "Feed username");
    password = password == null ? "" : password;
  }

  @Override
  public String toString() {
    return "ImagePullCredentials[feedUrl=" + feedUrl + ", username=" + username + ", password=***]";
  }
}
