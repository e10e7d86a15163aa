package dev.k8sagent.domain.files;

import dev.k8sagent.domain.Require;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A path below a base directory (the agent home or a task workspace) that cannot leave it, as far
 * as the text of the path can tell: no {@code ..} that climbs above the base, no absolute path
 * outside it. No segment holds a control character (NUL, a newline, a tab, …, DEL): such a name
 * would be read differently by every tool that lists the directory line by line, so it is refused
 * rather than stored. Symbolic links are the storage adapter's to check.
 *
 * <p>Both '/' and '\' separate segments (the server may send either); {@code .} and empty segments
 * are dropped, {@code a/../b} becomes {@code b}.
 */
public record RelativePath(List<String> segments) {

  public RelativePath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("A file path must name a file, not the base directory");
    }
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("Path segment '" + segment + "' is not allowed");
      }
      if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "Path segment " + Require.quote(segment) + " holds a separator or NUL");
      }
      if (segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException(
            "Path segment "
                + Require.quote(segment)
                + " holds a control character (a newline, tab or the like); file names must not");
      }
    }
  }

  /** Parses a relative path; an absolute one is refused (use {@link #under}). */
  public static RelativePath parse(String path) {
    Require.nonBlank(path, "File path");
    if (isAbsolute(path)) {
      throw new IllegalArgumentException(
          "File path " + Require.quote(path) + " is absolute; a relative path was expected");
    }
    return new RelativePath(normalise(path));
  }

  /**
   * Parses a path the server sent for a base directory: relative paths are taken below it; absolute
   * ones are accepted only when they lie inside it.
   */
  public static RelativePath under(String baseDirectory, String path) {
    Require.nonBlank(path, "File path");
    if (!isAbsolute(path)) {
      return parse(path);
    }
    List<String> base = normalise(Require.nonBlank(baseDirectory, "Base directory"));
    List<String> full = normalise(path);
    if (full.size() <= base.size() || !full.subList(0, base.size()).equals(base)) {
      throw new IllegalArgumentException(
          "File path "
              + Require.quote(path)
              + " is outside "
              + baseDirectory
              + "; only paths inside it can be read or written");
    }
    return new RelativePath(full.subList(base.size(), full.size()));
  }

  private static boolean isAbsolute(String path) {
    return path.startsWith("/")
        || path.startsWith("\\")
        || (path.length() > 1 && path.charAt(1) == ':');
  }

  private static List<String> normalise(String path) {
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("File path holds a NUL character");
    }
    String text = path.length() > 1 && path.charAt(1) == ':' ? path.substring(2) : path;
    Deque<String> kept = new ArrayDeque<>();
    for (String segment : text.split("[/\\\\]")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (kept.isEmpty()) {
          throw new IllegalArgumentException(
              "File path " + Require.quote(path) + " climbs out of its base directory with '..'");
        }
        kept.removeLast();
      } else {
        kept.addLast(segment);
      }
    }
    return List.copyOf(kept);
  }

  /** The file's own name. */
  public String fileName() {
    return segments.get(segments.size() - 1);
  }

  /** "a/b/c.txt". */
  public String asString() {
    return String.join("/", segments);
  }

  @Override
  public String toString() {
    return asString();
  }
}
