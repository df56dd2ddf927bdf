package io.streamscorer.registry;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * One request to an {@link com.sun.net.httpserver.HttpHandler} in-process, without a socket: what
 * {@code HttpServer} hands a handler after it has parsed the request line, and the status and body
 * the handler answers with.
 */
final class FakeExchange extends HttpExchange {
    private final String method;
    private final URI uri;
    private final InputStream requestBody;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
    private final Map<String, Object> attributes = new HashMap<>();
    private int status = -1;
    private int responses;

    FakeExchange(String method, URI uri, byte[] body) {
        this.method = method;
        this.uri = uri;
        this.requestBody = new ByteArrayInputStream(body);
    }

    /** How many times the handler sent response headers: once for a well-behaved handler. */
    int responses() {
        return responses;
    }

    byte[] responseBytes() {
        return responseBody.toByteArray();
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        throw new UnsupportedOperationException("no server behind a fake exchange");
    }

    @Override
    public void close() {}

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int code, long length) {
        status = code;
        responses++;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return InetSocketAddress.createUnresolved("fuzzer", 1);
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return InetSocketAddress.createUnresolved("registry", 8081);
    }

    @Override
    public String getProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        throw new UnsupportedOperationException("a fake exchange keeps its own streams");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
