package com.velure.order.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A minimal {@code text/event-stream} client, reading on its own thread: data events (as JSON),
 * comments, and the end of the stream arrive in order in one queue.
 */
public final class EventStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One thing the stream said; {@code id} is the data event's {@code id:} field, if any. */
    public record Item(Kind kind, JsonObject data, String text, String id) {
    }

    public enum Kind { DATA, COMMENT, END }

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "event-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and returns once the response headers arrived (check {@link #status()}). */
    public static EventStream open(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next item, or null when nothing came within {@code timeout}. */
    public Item next(Duration timeout) throws InterruptedException {
        return items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next data event, skipping comments; null on timeout or when the stream ended first. */
    public JsonObject nextData(Duration timeout) throws InterruptedException {
        Item item = nextDataEvent(timeout);
        return item == null ? null : item.data();
    }

    /** The next data event with its id, skipping comments; null on timeout or when the stream ended first. */
    public Item nextDataEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Item item; (item = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null; ) {
            if (item.kind() == Kind.DATA) {
                return item;
            }
            if (item.kind() == Kind.END) {
                items.add(item); // keep the end visible
                return null;
            }
        }
        return null;
    }

    private void read() {
        List<String> data = new ArrayList<>();
        String[] id = {null};
        try (Stream<String> lines = response.body()) {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        String text = String.join("\n", data);
                        data.clear();
                        try (var json = Json.createReader(new StringReader(text))) {
                            items.add(new Item(Kind.DATA, json.readObject(), text, id[0]));
                        }
                    }
                } else if (line.startsWith(":")) {
                    items.add(new Item(Kind.COMMENT, null, line.substring(1).trim(), null));
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).stripLeading());
                } else if (line.startsWith("id:")) {
                    id[0] = line.substring(3).strip(); // as EventSource: it stays until the next id
                }
            });
        } catch (RuntimeException closed) {
            // the stream was closed by us or broken; END follows
        } finally {
            items.add(new Item(Kind.END, null, null, null));
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
