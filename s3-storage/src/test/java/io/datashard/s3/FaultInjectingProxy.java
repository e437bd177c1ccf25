package io.datashard.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP proxy in front of the unsigned S3 test server that can answer requests itself with
 * an S3 error (503 SlowDown, 500 InternalError) instead of forwarding them, or drop the
 * {@code If-None-Match} header to act like a store without conditional writes. Requests are
 * buffered whole, which is fine for test-sized objects.
 */
final class FaultInjectingProxy implements AutoCloseable {
  /** A request as the proxy saw it. */
  record Request(String method, String path, String query) {
    boolean isPut() {
      return method.equals("PUT");
    }

    boolean isUploadPart() {
      return method.equals("PUT") && query != null && query.contains("partNumber=");
    }

    boolean isBulkDelete() {
      return method.equals("POST") && query != null && query.contains("delete");
    }

    int partNumber() {
      for (String parameter : query.split("&")) {
        if (parameter.startsWith("partNumber=")) {
          return Integer.parseInt(parameter.substring("partNumber=".length()));
        }
      }
      return -1;
    }
  }

  /**
   * An error response sent instead of forwarding, or, with {@code afterForwarding}, sent after the
   * request was forwarded and carried out (a response lost on the way back).
   */
  record Fault(int status, String code, boolean afterForwarding) {
    static Fault slowDown() {
      return new Fault(503, "SlowDown", false);
    }

    static Fault internalError() {
      return new Fault(500, "InternalError", false);
    }

    static Fault lostResponse() {
      return new Fault(500, "InternalError", true);
    }
  }

  /** Chooses a fault for a request, or null to forward it. */
  interface Rule {
    Fault apply(Request request);
  }

  private static final Set<String> UNFORWARDED = Set.of(
      "host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "keep-alive", "te", "date");

  private final String backend;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "fault-proxy");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger faults = new AtomicInteger();
  private volatile Rule rule = request -> null;
  private volatile boolean dropConditionalHeaders;

  FaultInjectingProxy(String backend) throws IOException {
    this.backend = backend;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void rule(Rule newRule) {
    this.rule = newRule;
  }

  void dropConditionalHeaders(boolean drop) {
    this.dropConditionalHeaders = drop;
  }

  /** How many requests were answered with a fault. */
  int faults() {
    return faults.get();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      URI uri = exchange.getRequestURI();
      Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery());
      requests.add(request);
      Fault fault = rule.apply(request);
      if (fault != null && fault.afterForwarding()) {
        client.send(forwardedRequest(exchange, request, body), HttpResponse.BodyHandlers.discarding());
      }
      if (fault != null) {
        faults.incrementAndGet();
        byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + fault.code()
            + "</Code><Message>injected by the test proxy</Message><RequestId>test</RequestId></Error>")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        if (request.method().equals("HEAD")) {
          exchange.sendResponseHeaders(fault.status(), -1);
        } else {
          exchange.sendResponseHeaders(fault.status(), error.length);
          exchange.getResponseBody().write(error);
        }
        return;
      }
      forward(exchange, request, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void forward(HttpExchange exchange, Request request, byte[] body) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = client.send(forwardedRequest(exchange, request, body), HttpResponse.BodyHandlers.ofByteArray());
    for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.equals(":status") || (UNFORWARDED.contains(name) && !(name.equals("content-length")
          && request.method().equals("HEAD")))) {
        continue;
      }
      exchange.getResponseHeaders().put(header.getKey(), header.getValue());
    }
    byte[] content = response.body();
    if (request.method().equals("HEAD") || content.length == 0) {
      exchange.sendResponseHeaders(response.statusCode(), -1);
    } else {
      exchange.sendResponseHeaders(response.statusCode(), content.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(content);
      }
    }
  }

  private HttpRequest forwardedRequest(HttpExchange exchange, Request request, byte[] body) {
    String target = backend + request.path() + (request.query() == null ? "" : "?" + request.query());
    HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(target))
        .method(request.method(), body.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (UNFORWARDED.contains(name) || (dropConditionalHeaders && name.equals("if-none-match"))) {
        continue;
      }
      for (String value : header.getValue()) {
        forwarded.header(header.getKey(), value);
      }
    }
    return forwarded.build();
  }
}
