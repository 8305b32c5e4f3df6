package io.gfxfleet.orchestrator.publish.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

class S3TargetTest {
    static S3ProxyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void probe() throws Exception {
        S3Settings s = server.bucket("probe");
        try (S3Target t = server.target(s)) {
            t.put("a/simple/", "<html>hi</html>".getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "a/simple/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(r.statusCode() + " " + r.headers().map() + " " + r.body());
            System.out.println(t.sha256Of("a/simple/") + " " + t.list(""));
            HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "x"))
                    .header("Content-MD5", Base64.getEncoder().encodeToString(new byte[16]))
                    .PUT(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println(bad.statusCode() + " " + bad.body());
        }
    }
}
