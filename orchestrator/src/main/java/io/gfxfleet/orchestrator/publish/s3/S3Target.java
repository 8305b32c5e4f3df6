package io.gfxfleet.orchestrator.publish.s3;

import io.gfxfleet.orchestrator.publish.NamedThreads;
import io.gfxfleet.orchestrator.publish.ObjectKey;
import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.gfxfleet.orchestrator.publish.ObjectWrite;
import io.gfxfleet.protocol.hash.Sha256;
import io.gfxfleet.orchestrator.publish.TransferListener;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An {@link ObjectTarget} on an S3 bucket, through the AWS SDK v2.
 *
 * <ul>
 *   <li>Every object carries its SHA-256 as user metadata ({@code x-amz-meta-sha256}). Re-publishing
 *       lists the run folder once and decides by ETag (the MD5 of an object put in one piece); only
 *       multipart or changed objects cost a HEAD for that digest, and nothing is downloaded.</li>
 *   <li>Requests are signed by the SDK's own SigV4 signer, as it chooses: over https (S3) with
 *       {@code UNSIGNED-PAYLOAD} (TLS carries the body intact; nothing hashes it again), over plain
 *       http (a local S3-compatible server) with the body's SHA-256, which the SDK computes and the
 *       server checks. A signer of our own that reused the index's digests (over the SDK's internal
 *       signer classes) saved nothing on https and less than a second of a publish over http
 *       (docs/architecture.md, "Other projects' internals"), so it went. Bodies sent in one piece
 *       are compared with the index's digest first (they are in memory already). No {@code Content-MD5} is sent (another pass over
 *       every byte), and the SDK's flexible checksums stay off ({@code WHEN_REQUIRED}) because they
 *       use {@code x-amz-trailer}, which S3-compatible servers such as S3Proxy reject.</li>
 *   <li>A key ending in '/' is stored as an object of its own with {@code text/html}: the plain S3
 *       REST endpoint then answers {@code GET .../simple/} and {@code GET .../simple/<name>/} with
 *       the PEP 503 page, which is all pip needs (no website hosting, no rewriting).</li>
 *   <li>Pages and the manifest are sent with {@code Cache-Control: no-cache,no-store,must-revalidate};
 *       distribution and metadata files, which never change under one name, as cacheable for a week.</li>
 *   <li>Files above {@link #PART_SIZE} go up as multipart uploads, parts in parallel; the SDK
 *       retries throttling, 5xx and I/O errors (bodies are re-readable).</li>
 * </ul>
 */
public final class S3Target implements ObjectTarget, AutoCloseable {
    /** Multipart part size; also the threshold above which a file goes up in parts (aws: 8 MiB, rclone: 5 MiB; fewer requests). */
    public static final int PART_SIZE = 16 << 20;
    static final String SHA256_METADATA = "sha256";
    private static final int MAX_ATTEMPTS = 5;

    private final S3Settings settings;
    private final S3Client s3;
    private final ExecutorService parts;

    /** Credentials from the usual AWS chain (environment, profile, instance role), else anonymous. */
    public S3Target(S3Settings settings, int parallelism) {
        this(settings, parallelism, AwsCredentialsProviderChain.builder()
                .credentialsProviders(DefaultCredentialsProvider.builder().build(), AnonymousCredentialsProvider.create())
                .build());
    }

    public S3Target(S3Settings settings, int parallelism, AwsCredentialsProvider credentials) {
        this.settings = settings;
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                // Objects and their parts each hold a connection: never wait for one.
                .maxConnections(Math.max(16, parallelism * 2 + 2))
                // A round trip per request for nothing: our bodies are never huge.
                .expectContinueEnabled(false)
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(120));
        // A private or test CA (--ca-bundle, AWS_CA_BUNDLE); else the JVM's own trust store.
        settings.caBundle().ifPresent(f -> http.tlsTrustManagersProvider(CaBundle.load(f).trustManagers()));
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // aws-chunked bodies would leave "Content-Encoding: aws-chunked" stored on objects of
                // some S3-compatible servers (S3Proxy does), which then serve it to pip.
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS).build()))
                .httpClientBuilder(http);
        settings.endpoint().ifPresent(b::endpointOverride);
        this.s3 = b.build();
        this.parts = Executors.newFixedThreadPool(Math.max(1, parallelism), new NamedThreads("gfxfleet-s3-part"));
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        putFile(ObjectKey.require(key), file, Files.size(file), contentType, Sha256.of(file), cacheControlFor(contentType),
                TransferListener.NONE);
    }

    @Override
    public void put(String key, byte[] body, String contentType) throws IOException {
        putBytes(ObjectKey.require(key), body, body.length, contentType, Sha256.of(body), cacheControlFor(contentType));
    }

    @Override
    public void put(ObjectWrite w, TransferListener listener) throws IOException {
        String cache = w.cacheControl();
        if (w.file().isPresent()) {
            putFile(w.key(), w.file().get(), w.size(), w.contentType(), w.sha256(), cache, listener);
        } else {
            byte[] body = w.body().get();
            putBytes(w.key(), body, body.length, w.contentType(), w.sha256(), cache);
            listener.bytesSent(body.length);
        }
    }

    private static String cacheControlFor(String contentType) {
        return contentType.startsWith("text/html") || contentType.equals(JSON) ? NO_CACHE : IMMUTABLE;
    }

    private void putFile(String key, Path file, long size, String contentType, String sha256, String cache,
                         TransferListener listener) throws IOException {
        if (size > PART_SIZE) {
            putMultipart(key, file, size, contentType, sha256, cache, listener);
            return;
        }
        byte[] body = new byte[(int) size];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(ch, body, (int) size, 0, file);
        }
        putBytes(key, body, (int) size, contentType, sha256, cache);
        listener.bytesSent(size);
    }

    private void putBytes(String key, byte[] body, int length, String contentType, String sha256, String cache)
            throws IOException {
        // The index names the digest the plan computed: bytes that no longer match it (a file rebuilt
        // while it was being published) are never stored under it. Only bodies up to PART_SIZE come
        // here, already in memory; a multipart file's parts are not compared (they never were).
        if (!Sha256.of(body, length).equals(sha256)) {
            throw new IOException("PUT " + key + " refused: its bytes no longer match the SHA-256 the index was "
                    + "written with (did the file change during the publish?); publish again");
        }
        try {
            s3.putObject(r -> {
                r.bucket(settings.bucket()).key(key).contentType(contentType).contentLength((long) length)
                        .metadata(Map.of(SHA256_METADATA, sha256));
                r.cacheControl(cache);
            }, body(body, length));
        } catch (SdkException e) {
            throw failure("PUT", key, e);
        }
    }

    private void putMultipart(String key, Path file, long size, String contentType, String sha256,
                              String cache, TransferListener listener) throws IOException {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(r -> {
                r.bucket(settings.bucket()).key(key).contentType(contentType).metadata(Map.of(SHA256_METADATA, sha256));
                r.cacheControl(cache);
            }).uploadId();
        } catch (SdkException e) {
            throw failure("CreateMultipartUpload", key, e);
        }
        int count = (int) ((size + PART_SIZE - 1) / PART_SIZE);
        List<Future<CompletedPart>> futures = new ArrayList<>(count);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int i = 0; i < count; i++) {
                int number = i + 1;
                long offset = (long) i * PART_SIZE;
                int length = (int) Math.min(PART_SIZE, size - offset);
                futures.add(parts.submit(() -> {
                    String etag = s3.uploadPart(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId)
                            .partNumber(number).contentLength((long) length), partBody(ch, offset, length, file)).eTag();
                    listener.bytesSent(length);
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                }));
            }
            List<CompletedPart> done = new ArrayList<>(count);
            for (Future<CompletedPart> f : futures) {
                done.add(awaitPart(f, key));
            }
            s3.completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(done)));
        } catch (IOException | RuntimeException e) {
            futures.forEach(f -> f.cancel(true));
            try {
                s3.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            if (e instanceof SdkException sdk) {
                throw failure("multipart upload", key, sdk);
            }
            throw e;
        }
    }

    @Override
    public Optional<String> sha256Of(String key) throws IOException {
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(settings.bucket()).key(ObjectKey.require(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("HEAD", key, e);
        } catch (SdkException e) {
            throw failure("HEAD", key, e);
        }
        String recorded = head.metadata().get(SHA256_METADATA);
        if (recorded != null && Sha256.isHex(recorded)) {
            return Optional.of(recorded);
        }
        // Put there by something else: the bytes decide.
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(settings.bucket()).key(key))) {
            return Optional.of(Sha256.of(in));
        } catch (SdkException e) {
            throw failure("GET", key, e);
        }
    }

    /**
     * One LIST of {@code folder} instead of a HEAD per object: an object put in one piece has its
     * MD5 as ETag, so an in-memory body or a file up to {@link #PART_SIZE} whose MD5 matches is the
     * same object (its SHA-256 is then the planned one). Only what the ETag cannot decide (multipart
     * uploads, changed or foreign objects) costs a HEAD, for the recorded {@code sha256}.
     */
    @Override
    public Map<String, String> storedDigests(String folder, List<ObjectWrite> planned) throws IOException {
        Map<String, S3Object> listed = new HashMap<>();
        for (S3Object o : listObjects(folder)) {
            listed.put(o.key(), o);
        }
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, Future<Optional<String>>> lookups = new LinkedHashMap<>();
        for (ObjectWrite w : planned) {
            S3Object o = listed.get(w.key());
            if (o == null) {
                continue;
            }
            if (o.size() != null && o.size() == w.size() && w.size() <= PART_SIZE
                    && unquote(o.eTag()).equalsIgnoreCase(md5Hex(w))) {
                digests.put(w.key(), w.sha256());
            } else {
                lookups.put(w.key(), parts.submit(() -> sha256Of(w.key())));
            }
        }
        for (Map.Entry<String, Future<Optional<String>>> e : lookups.entrySet()) {
            awaitLookup(e.getValue(), e.getKey()).ifPresent(d -> digests.put(e.getKey(), d));
        }
        return digests;
    }

    private static String md5Hex(ObjectWrite w) throws IOException {
        MessageDigest md = md5();
        if (w.body().isPresent()) {
            md.update(w.body().get());
        } else {
            try (InputStream in = Files.newInputStream(w.file().get())) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    private static Optional<String> awaitLookup(Future<Optional<String>> f, String key) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted looking up " + key, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("looking up " + key + " failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(settings.bucket()).key(ObjectKey.require(key))).asByteArray());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("GET", key, e);
        } catch (SdkException e) {
            throw failure("GET", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (!prefix.isEmpty()) {
            ObjectKey.require(prefix);
        }
        try {
            List<String> keys = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(prefix)).contents()) {
                keys.add(o.key());
            }
            keys.sort(null);
            return keys;
        } catch (SdkException e) {
            throw failure("LIST", prefix, e);
        }
    }

    /** Keys with their last-modified ETag, for pollers that only want what changed. */
    public List<S3Object> listObjects(String prefix) throws IOException {
        try {
            if (!prefix.isEmpty()) {
                ObjectKey.require(prefix);
            }
            List<S3Object> out = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(prefix)).contents().forEach(out::add);
            return out;
        } catch (SdkException e) {
            throw failure("LIST", prefix, e);
        }
    }

    /**
     * Deletes these keys; keys that do not exist are no error. One DeleteObject per key: the
     * batch call needs a body checksum that S3-compatible servers (S3Proxy) refuse, and callers
     * delete a job's few logs at a time.
     */
    public void delete(List<String> keys) throws IOException {
        for (String key : keys) {
            try {
                s3.deleteObject(r -> r.bucket(settings.bucket()).key(ObjectKey.require(key)));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw failure("DELETE", key, e);
                }
            } catch (SdkException e) {
                throw failure("DELETE", key, e);
            }
        }
    }

    @Override
    public Optional<String> baseUrl() {
        return Optional.of(settings.baseUrl());
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void close() {
        parts.shutdownNow();
        s3.close();
    }

    private static RequestBody body(byte[] buf, int length) {
        // A provider, not fromBytes: no copy of a 16 MiB part, and each retry gets a fresh stream.
        ContentStreamProvider provider = () -> new ByteArrayInputStream(buf, 0, length);
        return RequestBody.fromContentProvider(provider, length, "application/octet-stream");
    }

    /**
     * A part streamed from the file in {@link FilePartStream#BUFFER}-sized reads rather than read whole
     * into a part-sized array first: each 16 MiB array (one per part thread) was a humongous object
     * for G1 and pushed every byte through main memory twice, where a small buffer stays in cache
     * between the read and the HTTP client's copy. Every newStream (the signer's pass over plain
     * http, a retry) reads the part again from its offset.
     */
    private static RequestBody partBody(FileChannel ch, long offset, int length, Path file) {
        ContentStreamProvider provider = () -> new FilePartStream(ch, offset, length, file);
        return RequestBody.fromContentProvider(provider, length, "application/octet-stream");
    }

    private static void readFully(FileChannel ch, byte[] buf, int length, long offset, Path file) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, length);
        while (bb.hasRemaining()) {
            int n = ch.read(bb, offset + bb.position());
            if (n < 0) {
                throw new IOException(file + " shrank while being uploaded");
            }
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    private static CompletedPart awaitPart(Future<CompletedPart> f, String key) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted uploading " + key, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof SdkException sdk) {
                throw sdk;
            }
            throw new IOException("uploading a part of " + key + " failed: " + c, c);
        }
    }

    private IOException failure(String operation, String key, SdkException e) {
        String detail = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + ": " + s3e.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new IOException(operation + " s3://" + settings.bucket() + "/" + key + " failed: " + detail, e);
    }
}
