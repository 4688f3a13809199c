package io.tossbill.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every table of the database as a digest of its rows, in one query, to show that a refused request
 * changed nothing. Tables that change without any request (the scheduler's heartbeats, the event
 * log, Flyway's history) are left out; the mail outbox is counted only, since its sender updates
 * each row by itself, but a refusal must not queue a mail.
 */
public final class DatabaseSnapshot {

  private static final Set<String> MOVING_BY_ITSELF =
      Set.of(
          "scheduled_tasks",
          "event_publication",
          "event_publication_archive",
          "flyway_schema_history");

  private static final Set<String> COUNTED_ONLY = Set.of("mail_message");

  private final JdbcClient jdbc;
  private String query = "";

  public DatabaseSnapshot(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Each table's row count and digest, by table name. */
  public Map<String, String> take() {
    if (query.isEmpty()) {
      List<String> tables =
          jdbc.sql(
                  "select table_name from information_schema.tables"
                      + " where table_schema = 'public' and table_type = 'BASE TABLE'"
                      + " order by table_name")
              .query(String.class)
              .list();
      query =
          tables.stream()
              .filter(table -> !MOVING_BY_ITSELF.contains(table))
              .map(
                  table ->
                      COUNTED_ONLY.contains(table)
                          ? "select '%s', count(*) || '' from \"%s\"".formatted(table, table)
                          : ("select '%s', count(*) || ':' || coalesce(md5(string_agg(t::text,"
                                  + " '|' order by t::text)), '') from \"%s\" t")
                              .formatted(table, table))
              .collect(Collectors.joining(" union all "));
    }
    Map<String, String> digests = new LinkedHashMap<>();
    jdbc.sql(query)
        .query((row, n) -> Map.entry(row.getString(1), row.getString(2)))
        .list()
        .forEach(entry -> digests.put(entry.getKey(), entry.getValue()));
    return digests;
  }

  /** The tables whose digest differs between two snapshots. */
  public static Set<String> changed(Map<String, String> before, Map<String, String> after) {
    return after.entrySet().stream()
        .filter(entry -> !entry.getValue().equals(before.get(entry.getKey())))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
