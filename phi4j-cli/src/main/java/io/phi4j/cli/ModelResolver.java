package io.phi4j.cli;

import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns what the user typed after {@code --model} into a path: a file or directory as is, else a Hugging Face
 * repo id ({@code microsoft/phi-2}, optionally {@code @revision} or {@code :QUANT} to pick one of several GGUF
 * files) looked up in the local Hugging Face cache, never on the network. The cache is where huggingface_hub puts
 * it: {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code $XDG_CACHE_HOME/huggingface/hub}, else
 * {@code ~/.cache/huggingface/hub}; a repo lives in {@code models--<owner>--<name>/snapshots/<commit>}, and
 * {@code refs/main} names the commit of the main branch.
 */
final class ModelResolver {
    private static final Pattern REPO_ID = Pattern.compile("([A-Za-z0-9][\\w.-]*)/([\\w.-]+)(?:@([\\w./-]+))?(?::([\\w.-]+))?");

    private ModelResolver() {
    }

    static Path resolve(String model) {
        return resolve(model, System.getenv());
    }

    /** As {@link #resolve(String)}, with the environment given (tests). */
    static Path resolve(String model, Map<String, String> env) {
        Path p = Path.of(model);
        if (Files.exists(p)) {
            return p;
        }
        Matcher m = REPO_ID.matcher(model);
        if (!m.matches() || model.startsWith("./") || model.startsWith("../")) {
            throw new PhiException("model not found: " + model);
        }
        return fromCache(model, m.group(1), m.group(2), m.group(3), m.group(4), cacheDir(env));
    }

    static Path cacheDir(Map<String, String> env) {
        String hubCache = env.get("HF_HUB_CACHE");
        if (hubCache != null && !hubCache.isBlank()) {
            return Path.of(hubCache);
        }
        String home = env.get("HF_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "hub");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "huggingface", "hub");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    }

    private static Path fromCache(String model, String owner, String name, String revision, String quant, Path cache) {
        Path repo = cache.resolve("models--" + owner + "--" + name);
        String repoId = owner + "/" + name;
        Path snapshot = snapshot(repo, revision);
        if (snapshot == null) {
            throw new PhiException("model not found: " + model + " is not a file, and " + repoId
                    + (revision != null ? " at " + revision : "") + " is not in the Hugging Face cache (" + cache
                    + "); download it with: huggingface-cli download " + repoId
                    + (revision != null ? " --revision " + revision : ""));
        }
        if (quant == null && Files.isRegularFile(snapshot.resolve("config.json"))) {
            return snapshot;
        }
        List<Path> ggufs = list(snapshot).stream()
                .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf"))
                .filter(f -> quant == null || f.getFileName().toString().toLowerCase(Locale.ROOT)
                        .contains(quant.toLowerCase(Locale.ROOT)))
                .sorted().toList();
        if (ggufs.size() == 1) {
            return ggufs.getFirst();
        }
        if (ggufs.isEmpty()) {
            throw new PhiException(repoId + ": the cached snapshot " + snapshot + " has no config.json and no "
                    + (quant != null ? "GGUF file matching '" + quant + "'" : "GGUF file"));
        }
        throw new PhiException(repoId + ": the cached snapshot has " + ggufs.size() + " GGUF files ("
                + String.join(", ", ggufs.stream().map(f -> f.getFileName().toString()).toList())
                + "); pick one with " + repoId + ":<name part>, e.g. " + repoId + ":Q4_K_M");
    }

    /** refs/<revision or main> → snapshots/<commit>; a commit id directly; else the newest snapshot. */
    private static Path snapshot(Path repo, String revision) {
        Path snapshots = repo.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) {
            return null;
        }
        String ref = revision != null ? revision : "main";
        Path refFile = repo.resolve("refs").resolve(ref);
        if (Files.isRegularFile(refFile)) {
            try {
                String commit = Files.readString(refFile).strip();
                Path s = snapshots.resolve(commit);
                if (!commit.isEmpty() && !commit.contains("/") && Files.isDirectory(s)) {
                    return s;
                }
            } catch (IOException e) {
                throw new PhiException(refFile + ": cannot read: " + e.getMessage());
            }
        }
        if (revision != null) {
            Path s = snapshots.resolve(revision);
            return Files.isDirectory(s) ? s : null;
        }
        return list(snapshots).stream().filter(Files::isDirectory)
                .max(Comparator.comparingLong(ModelResolver::modified)).orElse(null);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new PhiException(dir + ": cannot list: " + e.getMessage());
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
