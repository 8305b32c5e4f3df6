package io.gfxfleet.orchestrator.publish.s3;

import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4Properties;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4RequestSigner;
import software.amazon.awssdk.http.auth.aws.internal.signer.util.CredentialUtils;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * SigV4 for a body whose SHA-256 the caller already knows: a request that carries
 * {@code x-amz-content-sha256: <64 hex>} is signed with that digest as its payload hash, and the
 * body is not read. Everything else goes to the SDK's own signer unchanged.
 *
 * <p>Why: over plain http the SDK always signs payloads, reading and hashing each body once more
 * before sending it (botocore does the same), although a publish has already hashed every file for
 * the index, and each part once in memory. The server still verifies the digest: it
 * is in the signed canonical request, and S3 (and S3Proxy with authentication) refuse a body that
 * does not match it ({@code XAmzContentSHA256Mismatch}); a wrong digest is the caller's bug, caught
 * by the server, never a corrupt object.
 *
 * <p>The request half of the signature is the SDK's own {@code V4RequestSigner} (internal API of
 * http-auth-aws, the version pinned by the BOM): the canonical request is exactly the SDK's, only
 * the payload hash comes from the header rather than from a second pass over the body.
 */
final class KnownPayloadHashSigner implements HttpSigner<AwsCredentialsIdentity> {
    static final String CONTENT_SHA256 = "x-amz-content-sha256";
    private static final Pattern SHA256_HEX = Pattern.compile("^[0-9a-f]{64}$");

    private final AwsV4HttpSigner standard = AwsV4HttpSigner.create();

    /** The SigV4 auth scheme with this signer, to register on an S3 client builder ({@code putAuthScheme}). */
    static AuthScheme<AwsCredentialsIdentity> authScheme() {
        KnownPayloadHashSigner signer = new KnownPayloadHashSigner();
        return new AuthScheme<>() {
            @Override
            public String schemeId() {
                return AwsV4AuthScheme.SCHEME_ID;
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return providers.identityProvider(AwsCredentialsIdentity.class);
            }

            @Override
            public HttpSigner<AwsCredentialsIdentity> signer() {
                return signer;
            }
        };
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        if (knownHash(request.request()).isEmpty() || CredentialUtils.isAnonymous(request.identity())
                || request.requireProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.HEADER)
                != AwsV4FamilyHttpSigner.AuthLocation.HEADER) {
            return standard.sign(request);
        }
        Clock clock = request.requireProperty(SIGNING_CLOCK, Clock.systemUTC());
        V4Properties properties = V4Properties.builder()
                .credentials(CredentialUtils.sanitizeCredentials(request.identity()))
                .credentialScope(new CredentialScope(request.requireProperty(AwsV4HttpSigner.REGION_NAME),
                        request.requireProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME), clock.instant()))
                .signingClock(clock)
                .doubleUrlEncode(request.requireProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, true))
                .normalizePath(request.requireProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, true))
                .build();
        // V4RequestSigner.header takes the payload hash from the x-amz-content-sha256 header.
        SdkHttpRequest signed = V4RequestSigner.header(properties).sign(request.request().toBuilder())
                .getSignedRequest().build();
        return SignedRequest.builder().request(signed).payload(request.payload().orElse(null)).build();
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        // Only the synchronous client is used with a known hash.
        return standard.signAsync(request);
    }

    private static Optional<String> knownHash(SdkHttpRequest request) {
        return request.firstMatchingHeader(CONTENT_SHA256).filter(v -> SHA256_HEX.matcher(v).matches());
    }
}
