package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.pep.Pep440Version;
import io.gfxfleet.protocol.pep.ProjectName;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a distribution's file name says: a PEP 427 wheel name
 * ({@code {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl}) or an sdist name
 * ({@code {name}-{version}.tar.gz}).
 *
 * @param fileName    the file name as given
 * @param kind        wheel or sdist
 * @param distribution the name part as written in the file name (e.g. {@code rocm_sdk_core})
 * @param project     the PEP 503 normalised project name (e.g. {@code rocm-sdk-core})
 * @param version     the version part
 * @param buildTag    a wheel's optional build tag
 * @param tags        a wheel's {@code python-abi-platform} tag, empty for an sdist
 */
public record DistributionFileName(String fileName, DistributionKind kind, String distribution, String project,
                                   Pep440Version version, Optional<String> buildTag, Optional<String> tags) {
    private static final Pattern WHEEL_DIST = Pattern.compile("^[A-Za-z0-9_.]+$");
    private static final Pattern BUILD_TAG = Pattern.compile("^[0-9][A-Za-z0-9_.]*$");
    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_.]+$");
    private static final String SDIST_SUFFIX = ".tar.gz";
    private static final String WHEEL_SUFFIX = ".whl";

    /** Parses a file name, or throws {@link PublishRefusedException} saying what is wrong with it. */
    public static DistributionFileName parse(String fileName) {
        if (fileName == null || fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")) {
            throw new PublishRefusedException("not a plain file name: '" + fileName + "'");
        }
        if (fileName.endsWith(WHEEL_SUFFIX)) {
            return parseWheel(fileName);
        }
        if (fileName.endsWith(SDIST_SUFFIX)) {
            return parseSdist(fileName);
        }
        throw new PublishRefusedException(fileName + ": not a distribution (expected a .whl wheel or a .tar.gz sdist)");
    }

    private static DistributionFileName parseWheel(String fileName) {
        String stem = fileName.substring(0, fileName.length() - WHEEL_SUFFIX.length());
        String[] parts = stem.split("-", -1);
        if (parts.length != 5 && parts.length != 6) {
            throw new PublishRefusedException(fileName + ": a wheel name has 5 or 6 '-'-separated parts "
                    + "(name-version[-build]-python-abi-platform.whl), found " + parts.length);
        }
        String dist = parts[0];
        if (!WHEEL_DIST.matcher(dist).matches() || !ProjectName.isValid(dist)) {
            throw new PublishRefusedException(fileName + ": invalid distribution name '" + dist + "' in wheel name");
        }
        Pep440Version version = version(fileName, parts[1]);
        Optional<String> build = Optional.empty();
        int t = 2;
        if (parts.length == 6) {
            if (!BUILD_TAG.matcher(parts[2]).matches()) {
                throw new PublishRefusedException(fileName + ": build tag '" + parts[2] + "' must start with a digit");
            }
            build = Optional.of(parts[2]);
            t = 3;
        }
        for (int i = t; i < parts.length; i++) {
            if (!TAG.matcher(parts[i]).matches()) {
                throw new PublishRefusedException(fileName + ": invalid compatibility tag '" + parts[i] + "'");
            }
        }
        String tags = parts[t] + "-" + parts[t + 1] + "-" + parts[t + 2];
        return new DistributionFileName(fileName, DistributionKind.WHEEL, dist, ProjectName.normalize(dist), version,
                build, Optional.of(tags));
    }

    private static DistributionFileName parseSdist(String fileName) {
        String stem = fileName.substring(0, fileName.length() - SDIST_SUFFIX.length());
        // Legacy sdist names may hold '-' in the name part: take the first split whose
        // right-hand side is a version; the PKG-INFO check then confirms it.
        for (int i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
            String name = stem.substring(0, i);
            String ver = stem.substring(i + 1);
            if (ProjectName.isValid(name) && Pep440Version.isValid(ver)) {
                return new DistributionFileName(fileName, DistributionKind.SDIST, name, ProjectName.normalize(name),
                        new Pep440Version(ver), Optional.empty(), Optional.empty());
            }
        }
        throw new PublishRefusedException(fileName + ": an sdist name is '<name>-<PEP 440 version>.tar.gz'");
    }

    private static Pep440Version version(String fileName, String text) {
        if (!Pep440Version.isValid(text)) {
            throw new PublishRefusedException(fileName + ": '" + text + "' is not a PEP 440 version");
        }
        return new Pep440Version(text);
    }
}
