package io.tossbill.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Toss's error codes with their HTTP status and Korean and English messages. */
final class ErrorCatalogue {

  /** One catalogue entry. */
  record Entry(String code, int status, String korean, String english) {
    String message(Lang lang) {
      return lang == Lang.EN ? english : korean;
    }
  }

  private static final Map<String, Entry> ENTRIES = load();

  private ErrorCatalogue() {}

  static Optional<Entry> find(String code) {
    return Optional.ofNullable(ENTRIES.get(code));
  }

  static Entry get(String code) {
    Entry entry = ENTRIES.get(code);
    if (entry == null) {
      throw new IllegalArgumentException("no such Toss error code in the catalogue: " + code);
    }
    return entry;
  }

  static Map<String, Entry> all() {
    return ENTRIES;
  }

  private static Map<String, Entry> load() {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (InputStream in = ErrorCatalogue.class.getResourceAsStream("errors.tsv")) {
      if (in == null) {
        throw new IllegalStateException(
            "errors.tsv is missing beside " + ErrorCatalogue.class.getName());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t");
        if (cells.length != 4) {
          throw new IllegalStateException("errors.tsv: expected 4 cells in '" + line + "'");
        }
        entries.put(cells[0], new Entry(cells[0], Integer.parseInt(cells[1]), cells[2], cells[3]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(entries);
  }
}
