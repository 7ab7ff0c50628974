package io.phi4j.cli;

import io.phi4j.PhiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without --model and PHI_MODEL, commands use the default model the launcher names. */
class DefaultModelTest {
    private final String saved = System.getProperty(ModelOption.DEFAULT_MODEL_PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(ModelOption.DEFAULT_MODEL_PROPERTY);
        } else {
            System.setProperty(ModelOption.DEFAULT_MODEL_PROPERTY, saved);
        }
    }

    @Test
    void theLauncherNamesTheCheckoutsModel() throws Exception {
        String launcher = Files.readString(PhiLauncher.script());
        assertThat(launcher).contains("-Dphi4j.defaultModel=$ROOT/models/phi4j-tiny.gguf");
    }

    @Test
    void usesTheNamedFileWhenItExists(@TempDir Path tmp) throws Exception {
        Path m = TestModels.copy(TestModels.SMALL, tmp);
        System.setProperty(ModelOption.DEFAULT_MODEL_PROPERTY, m.toString());
        assertThat(ModelOption.defaultModel()).isEqualTo(m);
    }

    @Test
    void explainsAMissingDefault(@TempDir Path tmp) {
        System.setProperty(ModelOption.DEFAULT_MODEL_PROPERTY, tmp.resolve("models/phi4j-tiny.gguf").toString());
        assertThatThrownBy(ModelOption::defaultModel).isInstanceOf(PhiException.class)
                .hasMessageContaining("the default model " + tmp.resolve("models/phi4j-tiny.gguf") + " is missing")
                .hasMessageContaining("--model");
        System.clearProperty(ModelOption.DEFAULT_MODEL_PROPERTY);
        assertThatThrownBy(ModelOption::defaultModel).hasMessageStartingWith("no model given: use --model");
    }
}
