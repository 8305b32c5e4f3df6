package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.hash.Sha256;

import io.gfxfleet.protocol.pep.Pep440Version;
import io.gfxfleet.protocol.pep.ProjectName;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A wheel or sdist on disk whose name and core metadata have been read and found to agree.
 *
 * @param path     the file
 * @param name     what its file name says
 * @param metadata its METADATA (wheel) or PKG-INFO (sdist)
 * @param sha256   hex digest of the file
 * @param size     bytes
 */
public record DistributionFile(Path path, DistributionFileName name, CoreMetadata metadata, String sha256, long size) {
    /** Metadata beyond this is not a real distribution's: refuse rather than read a zip bomb. */
    static final int MAX_METADATA_BYTES = 4 << 20;

    /**
     * Reads and validates one distribution: a valid file name, readable core metadata, and
     * metadata Name/Version that agree with the file name.
     *
     * @throws PublishRefusedException naming the file and what is wrong
     */
    public static DistributionFile inspect(Path path) throws IOException {
        String fileName = path.getFileName().toString();
        DistributionFileName name = DistributionFileName.parse(fileName);
        CoreMetadata metadata = name.kind() == DistributionKind.WHEEL ? wheelMetadata(path, name) : sdistMetadata(path, name);
        if (!ProjectName.isValid(metadata.name())
                || !ProjectName.normalize(metadata.name()).equals(name.project())) {
            throw new PublishRefusedException(fileName + ": metadata Name '" + metadata.name()
                    + "' disagrees with the file name's project '" + name.project() + "'");
        }
        if (!sameVersion(metadata.version(), name.version())) {
            throw new PublishRefusedException(fileName + ": metadata Version '" + metadata.version()
                    + "' disagrees with the file name's version '" + name.version() + "'");
        }
        return new DistributionFile(path, name, metadata, Sha256.of(path), Files.size(path));
    }

    public String fileName() {
        return name.fileName();
    }

    public String project() {
        return name.project();
    }

    public Pep440Version version() {
        return name.version();
    }

    public DistributionKind kind() {
        return name.kind();
    }

    public Optional<String> requiresPython() {
        return metadata.requiresPython();
    }

    private static boolean sameVersion(String metadataVersion, Pep440Version fileVersion) {
        // Wheel names escape nothing in a normalised version, but tools differ in case and in '_' for '-'.
        String a = metadataVersion.toLowerCase(Locale.ROOT).replace('_', '-');
        String b = fileVersion.text().toLowerCase(Locale.ROOT).replace('_', '-');
        return a.equals(b);
    }

    private static CoreMetadata wheelMetadata(Path path, DistributionFileName name) throws IOException {
        String fileName = name.fileName();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            List<ZipEntry> found = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!safeEntryName(entry.getName())) {
                    // pip would refuse it at install time; an index must not offer it at all.
                    throw new PublishRefusedException(fileName + ": wheel entry '" + entry.getName()
                            + "' leaves the install folder (absolute, '..', or a backslash)");
                }
                String[] parts = entry.getName().split("/");
                if (parts.length == 2 && parts[0].endsWith(".dist-info") && parts[1].equals("METADATA")) {
                    found.add(entry);
                }
            }
            if (found.isEmpty()) {
                throw new PublishRefusedException(fileName + ": wheel has no <name>-<version>.dist-info/METADATA");
            }
            if (found.size() > 1) {
                throw new PublishRefusedException(fileName + ": wheel has " + found.size() + " .dist-info/METADATA files");
            }
            ZipEntry entry = found.get(0);
            if (entry.getSize() > MAX_METADATA_BYTES) {
                throw new PublishRefusedException(fileName + ": METADATA is larger than " + MAX_METADATA_BYTES + " bytes");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] raw = in.readNBytes(MAX_METADATA_BYTES + 1);
                if (raw.length > MAX_METADATA_BYTES) {
                    throw new PublishRefusedException(fileName + ": METADATA is larger than " + MAX_METADATA_BYTES + " bytes");
                }
                return CoreMetadata.parse(raw, fileName + "!" + entry.getName());
            }
        } catch (ZipException e) {
            throw new PublishRefusedException(fileName + ": not a readable zip file (" + e.getMessage() + ")", e);
        }
    }

    /** A relative path of plain segments: no leading '/', drive letter, backslash, NUL or '..'. */
    static boolean safeEntryName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')) {
            return false;
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static CoreMetadata sdistMetadata(Path path, DistributionFileName name) throws IOException {
        String fileName = name.fileName();
        try {
            TarGzReader.Member member = TarGzReader.find(path, p -> {
                String[] parts = p.startsWith("./") ? p.substring(2).split("/") : p.split("/");
                return parts.length == 2 && parts[1].equals("PKG-INFO");
            }, MAX_METADATA_BYTES).orElseThrow(() ->
                    new PublishRefusedException(fileName + ": sdist has no <name>-<version>/PKG-INFO"));
            return CoreMetadata.parse(member.body(), fileName + "!" + member.path());
        } catch (java.util.zip.ZipException e) {
            throw new PublishRefusedException(fileName + ": not a readable gzip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (e instanceof java.io.EOFException) {
                throw new PublishRefusedException(fileName + ": truncated sdist archive", e);
            }
            throw e;
        }
    }
}
