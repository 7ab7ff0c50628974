package io.phi4j.cli;

import io.phi4j.PhiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --model as a Hugging Face repo id, looked up in the local cache the way huggingface_hub lays it out. */
class ModelResolverTest {
    /** models--owner--name/{refs/main, snapshots/<commit>/files} */
    private static Path snapshot(Path cache, String repo, String commit, boolean main, String... files) throws IOException {
        Path r = cache.resolve("models--" + repo.replace("/", "--"));
        Path s = r.resolve("snapshots").resolve(commit);
        Files.createDirectories(s);
        if (main) {
            Files.createDirectories(r.resolve("refs"));
            Files.writeString(r.resolve("refs/main"), commit);
        }
        for (String f : files) {
            Files.writeString(s.resolve(f), "{}");
        }
        return s;
    }

    @Test
    void repoIdResolvesToTheSnapshotOfRefsMain(@TempDir Path cache) throws IOException {
        Path main = snapshot(cache, "microsoft/phi-2", "aaa111", true, "config.json");
        Path other = snapshot(cache, "microsoft/phi-2", "bbb222", false, "config.json");
        Files.setLastModifiedTime(other, FileTime.fromMillis(System.currentTimeMillis() + 100_000));
        assertThat(ModelResolver.resolve("microsoft/phi-2", Map.of("HF_HUB_CACHE", cache.toString()))).isEqualTo(main);
        assertThat(ModelResolver.resolve("microsoft/phi-2@bbb222", Map.of("HF_HUB_CACHE", cache.toString()))).isEqualTo(other);
    }

    @Test
    void withoutRefsTheNewestSnapshotIsUsed(@TempDir Path cache) throws IOException {
        snapshot(cache, "microsoft/phi-1_5", "old", false, "config.json");
        Path newer = snapshot(cache, "microsoft/phi-1_5", "new", false, "config.json");
        Files.setLastModifiedTime(newer, FileTime.fromMillis(System.currentTimeMillis() + 100_000));
        assertThat(ModelResolver.resolve("microsoft/phi-1_5", Map.of("HF_HUB_CACHE", cache.toString()))).isEqualTo(newer);
    }

    @Test
    void cacheLocationFollowsHuggingFaceHubEnvironmentVariables(@TempDir Path home) throws IOException {
        Path viaHfHome = snapshot(home.resolve("hfhome/hub"), "a/b", "c1", true, "config.json");
        assertThat(ModelResolver.resolve("a/b", Map.of("HF_HOME", home.resolve("hfhome").toString()))).isEqualTo(viaHfHome);
        Path viaXdg = snapshot(home.resolve("xdg/huggingface/hub"), "a/b", "c2", true, "config.json");
        assertThat(ModelResolver.resolve("a/b", Map.of("XDG_CACHE_HOME", home.resolve("xdg").toString()))).isEqualTo(viaXdg);
        assertThat(ModelResolver.cacheDir(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".cache/huggingface/hub"));
        assertThat(ModelResolver.cacheDir(Map.of("HF_HUB_CACHE", "/x", "HF_HOME", "/y"))).isEqualTo(Path.of("/x"));
    }

    @Test
    void ggufRepositoriesPickTheirFile(@TempDir Path cache) throws IOException {
        Path s = snapshot(cache, "someone/phi-2-GGUF", "c", true, "phi-2.Q4_K_M.gguf", "phi-2.Q8_0.gguf", "README.md");
        Map<String, String> env = Map.of("HF_HUB_CACHE", cache.toString());
        assertThat(ModelResolver.resolve("someone/phi-2-GGUF:Q8_0", env)).isEqualTo(s.resolve("phi-2.Q8_0.gguf"));
        assertThatThrownBy(() -> ModelResolver.resolve("someone/phi-2-GGUF", env)).isInstanceOf(PhiException.class)
                .hasMessageContaining("2 GGUF files").hasMessageContaining("someone/phi-2-GGUF:");
        assertThatThrownBy(() -> ModelResolver.resolve("someone/phi-2-GGUF:Q2_K", env)).isInstanceOf(PhiException.class)
                .hasMessageContaining("matching 'Q2_K'");
    }

    @Test
    void aRepoNotInTheCacheSaysHowToDownloadIt(@TempDir Path cache) {
        assertThatThrownBy(() -> ModelResolver.resolve("microsoft/phi-2", Map.of("HF_HUB_CACHE", cache.toString())))
                .isInstanceOf(PhiException.class)
                .hasMessageContaining("not in the Hugging Face cache (" + cache + ")")
                .hasMessageEndingWith("download it with: huggingface-cli download microsoft/phi-2");
        assertThatThrownBy(() -> ModelResolver.resolve("./not/there", Map.of())).hasMessage("model not found: ./not/there");
        assertThatThrownBy(() -> ModelResolver.resolve("no-such-file.gguf", Map.of())).hasMessage("model not found: no-such-file.gguf");
    }

    @Test
    void theCommandLineReadsTheCacheFromTheEnvironment(@TempDir Path cache) throws Exception {
        Path s = snapshot(cache, "tiny/small-phi2", "c0ffee", true);
        TestModels.copy(TestModels.SMALL, s);
        ProcessBuilder pb = PhiLauncher.builder("info", "-m", "tiny/small-phi2", "--json");
        pb.environment().put("HF_HUB_CACHE", cache.toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        assertThat(out).contains("small-phi2-Q8_0.gguf").contains("\"hidden_size\" : 256");

        ProcessBuilder missing = PhiLauncher.builder("chat", "-m", "microsoft/phi-2");
        missing.environment().put("HF_HUB_CACHE", cache.toString());
        Process q = missing.start();
        q.getOutputStream().close();
        assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(q.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(q.exitValue()).isEqualTo(2);
        assertThat(err).startsWith("phi: model not found: microsoft/phi-2").endsWith("huggingface-cli download microsoft/phi-2")
                .doesNotContain("\n");
    }
}
