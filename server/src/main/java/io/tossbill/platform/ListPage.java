package io.tossbill.platform;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list of the merchant API, newest first: {@code data}, whether more follow, and the
 * cursor that asks for them ({@code ?cursor=}). Ordering is by id, descending, so a page never
 * shifts when rows are added meanwhile: new rows come before the first page, never into a later
 * one.
 *
 * @param data the items of this page
 * @param hasMore whether items follow this page
 * @param nextCursor the cursor of the next page; null when none follows
 */
public record ListPage<T>(List<T> data, boolean hasMore, @Nullable String nextCursor) {

  /**
   * The page from {@code rows}, fetched with one row more than {@code request.limit()} (so whether
   * more follow is known without counting), each row's id by {@code id}.
   */
  public static <R, T> ListPage<T> of(
      List<R> rows, ListRequest request, ToLongFunction<R> id, Function<R, T> view) {
    boolean hasMore = rows.size() > request.limit();
    List<R> page = hasMore ? rows.subList(0, request.limit()) : rows;
    String next = hasMore ? Cursors.encode(id.applyAsLong(page.getLast())) : null;
    return new ListPage<>(page.stream().map(view).toList(), hasMore, next);
  }
}
