package io.tossbill.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A raw HTTP/1.1 request to 127.0.0.1, for what java.net.http refuses to send: header values with
 * bytes no client should send, undecodable paths, bodies in any encoding. One request per
 * connection, with a read timeout.
 */
public final class RawHttp {

  /** An answer: status, media type and body (unchunked, as UTF-8). */
  public record Answer(int status, String contentType, String body) {}

  private final String method;
  private final String path;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private byte[] body = new byte[0];

  public RawHttp(String method, String path) {
    this.method = method;
    this.path = path;
  }

  public RawHttp header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public RawHttp accept(String value) {
    return header("Accept", value);
  }

  public RawHttp body(String text) {
    body = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  public RawHttp rawBody(byte[] bytes) {
    header("Content-Type", "application/json");
    body = bytes;
    return this;
  }

  public Answer send(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      // header values as bytes: a non-ASCII value goes out as its raw ISO-8859-1 bytes
      head.writeBytes(
          (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      for (Map.Entry<String, String> header : headers.entrySet()) {
        head.writeBytes(
            (header.getKey() + ": " + header.getValue() + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
      }
      if (body.length > 0 || !method.equals("GET")) {
        head.writeBytes(
            ("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      OutputStream out = socket.getOutputStream();
      out.write(head.toByteArray());
      try {
        out.write(body);
        out.flush();
      } catch (IOException refusedMidBody) {
        // the server answered (413) and closed before the whole body was sent: read the answer
      }
      return read(socket.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    String head = new String(all, 0, end < 0 ? all.length : end, StandardCharsets.ISO_8859_1);
    byte[] payload = end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(all, end + 4, all.length);
    int status = Integer.parseInt(head.substring(9, 12));
    String contentType = "";
    boolean chunked = false;
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        contentType = line.substring(13).strip();
      }
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body = chunked ? unchunk(payload) : payload;
    return new Answer(status, contentType, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < payload.length) {
      int lineEnd = indexOf(payload, crlf, at);
      if (lineEnd < 0) {
        break;
      }
      String sizeLine = new String(payload, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.write(payload, lineEnd + 2, Math.min(size, payload.length - lineEnd - 2));
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
