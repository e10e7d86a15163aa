package dev.k8sagent.domain.text;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which known names a user probably meant when a name matches none of them: the "did you mean" of
 * every error about a misspelt setting, environment or tag. Case is ignored; a candidate is close
 * when one contains the other or their edit distance is at most a quarter of the name's length (and
 * never less than 2). The closest come first, at most three.
 */
public final class CloseMatches {
  private static final int LIMIT = 3;

  private CloseMatches() {}

  /** The candidates close to {@code name}, closest first, at most three. */
  public static List<String> to(String name, Collection<String> candidates) {
    String wanted = name.toLowerCase(Locale.ROOT);
    int allowed = Math.max(2, wanted.length() / 4);
    return candidates.stream()
        .distinct()
        .filter(
            candidate -> {
              String lower = candidate.toLowerCase(Locale.ROOT);
              return lower.contains(wanted)
                  || wanted.contains(lower)
                  || distance(lower, wanted) <= allowed;
            })
        .sorted(Comparator.comparingInt(c -> distance(c.toLowerCase(Locale.ROOT), wanted)))
        .limit(LIMIT)
        .toList();
  }

  /**
   * {@code " (did you mean 'a', 'b'?)"} for the candidates close to {@code name}, or an empty
   * string when none is: ready to append to an error message.
   */
  public static String didYouMean(String name, Collection<String> candidates) {
    List<String> close = to(name, candidates);
    if (close.isEmpty()) {
      return "";
    }
    return " (did you mean "
        + String.join(", ", close.stream().map(c -> "'" + c + "'").toList())
        + "?)";
  }

  /** Levenshtein distance: the fewest single-character edits turning {@code a} into {@code b}. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
