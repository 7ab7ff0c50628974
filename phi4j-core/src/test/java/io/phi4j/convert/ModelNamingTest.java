package io.phi4j.convert;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected values are what gguf-py's Metadata.get_model_id_components / id_to_title / size_label return. */
class ModelNamingTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "microsoft/phi-2,        2779683840, Phi 2,                  Microsoft, phi,      -,        2,    2.8B",
            "microsoft/phi-1_5,      1418270720, Phi 1_5,                Microsoft, phi,      1_5,      -,    1.4B",
            "random-phi2-tiny,       6700000,    Random Phi2 Tiny,       -,         -,        -,        -,    6.7M",
            "TheBloke/phi-2-GGUF,    2779683840, Phi 2 GGUF,             TheBloke,  -,        -,        -,    2.8B",
            "my-phi-2-instruct-v0.3, 2779683840, My Phi 2 Instruct v0.3, -,         my-phi-2, instruct, v0.3, 2.8B",
            "bloom-7b1,              7000000000, Bloom 7b1,              -,         bloom,    -,        -,    7.1B",
            "llama-3-8B-chat,        8000000000, Llama 3 8B Chat,        -,         llama-3,  chat,     -,    8B"})
    void derivesTheNamesLlamaCppsConverterWrites(String id, long params, String name, String org, String basename,
                                                  String finetune, String version, String size) {
        ModelNaming n = ModelNaming.derive(id, "ignored-dir", params);
        assertThat(n.name()).isEqualTo(name);
        assertThat(n.organization()).isEqualTo(org);
        assertThat(n.basename()).isEqualTo(basename);
        assertThat(n.finetune()).isEqualTo(finetune);
        assertThat(n.version()).isEqualTo(version);
        assertThat(n.sizeLabel()).isEqualTo(size);
    }

    @ParameterizedTest
    @CsvSource({"2779683840, 2.8B", "1418270720, 1.4B", "14742784, 15M", "6553600, 6.6M", "999, 1.0K",
            "1316352, 1.3M", "1500000000, 1.5B", "1050000, 1.1M"})
    void roundsParameterCountsAsGgufPy(long params, String label) {
        assertThat(ModelNaming.roundedCount(params)).isEqualTo(label);
    }

    @ParameterizedTest
    @CsvSource({"tiny-init, Tiny Init", "small-phi2, Small Phi2", "phi-2, Phi 2"})
    void fallsBackToTheDirectoryName(String dir, String name) {
        // A path-like _name_or_path (more than one '/') is not a model id.
        assertThat(ModelNaming.derive("/home/me/models/x", dir, 1000).name()).isEqualTo(name);
        assertThat(ModelNaming.derive(null, dir, 1000).name()).isEqualTo(name);
    }
}
