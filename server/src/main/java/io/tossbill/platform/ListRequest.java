package io.tossbill.platform;

import org.jspecify.annotations.Nullable;

/**
 * What a list call asks for: how many items ({@code limit}, 1 to {@value #MAX_LIMIT}, {@value
 * #DEFAULT_LIMIT} when not given) and after which item ({@code cursor} from the previous page).
 *
 * @param limit items per page
 * @param before only items with a smaller id than this (the last item of the previous page); null
 *     for the first page
 */
public record ListRequest(int limit, @Nullable Long before) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  /** From the query parameters, refusing a limit out of range or a cursor not made here (400). */
  public static ListRequest of(@Nullable Integer limit, @Nullable String cursor) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw ApiException.badRequest("INVALID_LIMIT", "api.INVALID_LIMIT", MAX_LIMIT).field("limit");
    }
    return new ListRequest(
        size, cursor == null || cursor.isBlank() ? null : Cursors.decode(cursor));
  }

  /** The rows to fetch: one more than the page, to know whether more follow. */
  public int fetch() {
    return limit + 1;
  }
}
