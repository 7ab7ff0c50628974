package io.phi4j.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads one array out of a NumPy {@code .npz} archive. */
public final class Npz {
    private Npz() {
    }

    public static Npy read(Path file, String name) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(name + ".npy");
            if (e == null) {
                throw new IllegalArgumentException(name + " not in " + file);
            }
            try (var in = zip.getInputStream(e)) {
                return Npy.parse(in.readAllBytes());
            }
        }
    }
}
