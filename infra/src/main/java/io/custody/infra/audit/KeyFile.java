package io.custody.infra.audit;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a secret file so that it is either absent or complete, and survives a power cut once written:
 * a temporary file readable by its owner only, forced to disk, linked to its name (which fails rather than
 * replace a file that appeared meanwhile), then the directory forced so the new name is durable too.
 */
final class KeyFile {

    private KeyFile() {
    }

    /**
     * Creates {@code file} holding {@code text}; false if it already existed (another process wrote it
     * first), in which case its content is left as it is.
     */
    static boolean create(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = ownerOnly(dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp"));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.US_ASCII.encode(text));
                channel.force(true);
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
            forceDirectory(dir);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new empty file only its owner can read and write: POSIX permissions where the file system has them. */
    private static Path ownerOnly(Path temp) throws IOException {
        Files.deleteIfExists(temp);
        if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.createFile(temp);
        File f = temp.toFile();
        boolean restricted = f.setReadable(false, false) && f.setReadable(true, true)
                && f.setWritable(false, false) && f.setWritable(true, true);
        if (!restricted) {
            throw new IOException("cannot restrict " + temp + " to its owner on this file system");
        }
        return temp;
    }

    /** Makes a new directory entry durable; some systems (Windows) cannot open a directory, and need not. */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }
}
